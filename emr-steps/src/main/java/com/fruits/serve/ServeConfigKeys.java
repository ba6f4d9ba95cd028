package com.fruits.serve;

import com.fruits.common.ConfigKey;
import org.apache.hadoop.conf.Configuration;

/** Settings of {@code fruits serve}. */
public enum ServeConfigKeys implements ConfigKey {
    RUN("run", "fruits.serve.run", null, "<run>",
            "Pipeline run to serve: its feature model (engine as its lineage says), its PCA and its labelled projected vectors."),
    PCA("pca", "fruits.serve.pca", null, "<dir>",
            "The PCA model folder, for a run projected with --pca-from (default: <run>/pca)."),
    BIND("bind", "fruits.serve.bind", "127.0.0.1", "<address>",
            "Address to listen on; anything but loopback needs --token-file."),
    PORT("port", "fruits.serve.port", "8080", "<port>",
            "TCP port (0: any free port, printed at start)."),
    TOKEN_FILE("token-file", "fruits.serve.token.file", null, "<file>",
            "File holding the bearer token that /v1/* and /metrics require (Authorization: Bearer <token>)."),
    SESSIONS("sessions", "fruits.serve.sessions", "0", "<n>",
            "Inference sessions, one thread each, working in parallel (0: one per core)."),
    QUEUE("queue", "fruits.serve.queue", "32", "<n>",
            "Requests that may wait for a session; beyond that the answer is 503 with Retry-After."),
    MAX_BYTES("max-bytes", "fruits.serve.max.bytes", "16777216", "<bytes>",
            "Largest photo accepted (413 beyond)."),
    TIMEOUT("timeout", "fruits.serve.timeout", "10s", "<duration>",
            "A request still waiting for a session after this is answered 503; also the socket read timeout."),
    TOP("top", "fruits.serve.top", "5", "<n>",
            "Labels /v1/identify returns by default (?top=n per request)."),
    RELOAD("reload", "fruits.serve.reload", "10s", "<duration>",
            "How often the run is checked for changes (an erasure, a new batch); a changed run is loaded again.");

    private final Spec spec;

    ServeConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean namesInput() {
        return this == RUN || this == PCA || this == TOKEN_FILE;
    }

    @Override
    public void check(Configuration conf) {
        switch (this) {
            case PORT -> ConfigKey.checkRange(this, conf, 0, 65535);
            case SESSIONS -> ConfigKey.checkRange(this, conf, 0, 1024);
            case QUEUE -> ConfigKey.checkRange(this, conf, 1, 100_000);
            case MAX_BYTES -> ConfigKey.checkRange(this, conf, 1, Integer.MAX_VALUE - 8);
            case TOP -> ConfigKey.checkRange(this, conf, 1, 1000);
            case TIMEOUT, RELOAD -> ConfigKey.checkDuration(this, conf);
            default -> {
            }
        }
    }
}

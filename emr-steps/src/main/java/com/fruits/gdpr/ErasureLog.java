package com.fruits.gdpr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _gdpr/erasure-log.tsv} of a run: when, which request (an id the operator gives back to the
 * requester), what kind, and how many rows left each output. It holds no subject id, no path and no
 * data: proof that erasure happened without keeping what was erased.
 */
final class ErasureLog {
    static final String FILE = "_gdpr/erasure-log.tsv";
    private static final String HEADER = "time\trequest\tkind\trows_removed\n";

    private ErasureLog() {
    }

    /** The id the operator gave with --request, or a new random one to give back to the requester. */
    static String requestId(Configuration conf) {
        return conf.get(GdprConfigKeys.REQUEST.property(), UUID.randomUUID().toString());
    }

    /** One request's entry: its id and kind; the counts come from the rewrite. */
    record Line(String request, String kind) {
    }

    /**
     * The log's content with the request's line added, to be written with the request's other changes
     * (object stores cannot append, and the log is small: it is rewritten whole).
     */
    static String withLine(FileSystem fs, Path run, Line line, Map<String, Long> removed) throws IOException {
        Path log = new Path(run, FILE);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (fs.exists(log)) {
            try (InputStream in = fs.open(log)) {
                in.transferTo(content);
            }
        } else {
            content.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        }
        String counts = removed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        content.writeBytes((Instant.now() + "\t" + line.request() + "\t" + line.kind() + "\t" + counts + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return content.toString(StandardCharsets.UTF_8);
    }
}

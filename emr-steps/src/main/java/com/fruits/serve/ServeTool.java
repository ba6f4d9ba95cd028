package com.fruits.serve;

import com.fruits.common.CommandOptions;
import com.fruits.common.Durations;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code fruits serve --run R --model M}: answers one photo at a time over HTTP with the vector, the
 * projection and the nearest labels the batch jobs would give it. Loads once, then checks the run every
 * {@code --reload} and loads it again when it changed (an erasure is then no longer answered from).
 */
public class ServeTool extends Configured implements Tool {
    private static final Logger LOG = LoggerFactory.getLogger("fruits.serve");
    public static final CommandOptions OPTIONS = new CommandOptions("serve",
            "Serves a pipeline run over HTTP: POST a photo's bytes to /v1/features for its 1280-d vector and its\n"
                    + "k-d projection (the batch jobs' exact numbers), or to /v1/identify for the nearest labels among\n"
                    + "the run's vectors; GET /healthz, /readyz, /metrics (Prometheus). Loopback only, unless\n"
                    + "--token-file is given. Stop it with Ctrl-C or SIGTERM: accepted requests are answered first.",
            List.of(ServeConfigKeys.RUN, FeaturizeConfigKeys.MODEL, ServeConfigKeys.PCA, ServeConfigKeys.BIND,
                    ServeConfigKeys.PORT, ServeConfigKeys.TOKEN_FILE, ServeConfigKeys.SESSIONS, ServeConfigKeys.QUEUE,
                    ServeConfigKeys.MAX_BYTES, ServeConfigKeys.TIMEOUT, ServeConfigKeys.TOP, ServeConfigKeys.RELOAD,
                    FeaturizeConfigKeys.MAX_PIXELS));

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile FeatureServer server;

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path runDir = new Path(ServeConfigKeys.RUN.require(conf));
        FeaturizeConfigKeys.MODEL.require(conf);
        String bind = ServeConfigKeys.BIND.get(conf);
        byte[] token = token(conf, bind);
        String pcaFlag = ServeConfigKeys.PCA.get(conf);
        Path pca = pcaFlag == null ? null : new Path(pcaFlag);
        int sessions = ServeConfigKeys.SESSIONS.getInt(conf);
        sessions = sessions > 0 ? sessions : Runtime.getRuntime().availableProcessors();
        Duration timeout = Durations.positive(ServeConfigKeys.TIMEOUT.get(conf), "--" + ServeConfigKeys.TIMEOUT.flag());
        Duration reload = Durations.positive(ServeConfigKeys.RELOAD.get(conf), "--" + ServeConfigKeys.RELOAD.flag());

        long start = System.nanoTime();
        AtomicReference<ServedRun> run = new AtomicReference<>(ServedRun.read(conf, runDir, pca));
        SessionPool pool = SessionPool.open(conf, run.get(), sessions);
        FeatureServer.Settings settings = new FeatureServer.Settings(bind, ServeConfigKeys.PORT.getInt(conf),
                ServeConfigKeys.QUEUE.getInt(conf), (int) ServeConfigKeys.MAX_BYTES.getLong(conf), timeout,
                ServeConfigKeys.TOP.getInt(conf), token);
        try {
            server = new FeatureServer(settings, pool, run).start();
        } catch (RuntimeException e) {
            pool.close();
            throw new UsageException("Cannot listen on " + bind + ":" + settings.port() + " (" + rootMessage(e)
                    + "); choose another --port or --bind");
        }
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fruits-serve-reload");
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(() -> reload(conf, run, pool), reload.toMillis(), reload.toMillis(),
                TimeUnit.MILLISECONDS);
        Map<Signal, SignalHandler> previous = stopOnSignals(timeout);
        ServedRun served = run.get();
        System.out.printf("serve: http://%s:%d/ ready in %.1f s: %s (%d labelled vectors, k=%d, PCA %s), %s, %d session(s), "
                        + "queue %d, photos up to %d bytes%s%n"
                        + "serve: POST /v1/features and /v1/identify (photo bytes as the body); GET /healthz, /readyz, /metrics. "
                        + "Ctrl-C stops it.%n",
                hostForUrl(bind), server.port(), (System.nanoTime() - start) / 1e9, runDir, served.labels().size(), served.k(),
                served.pcaModelId(), pool.engine(), pool.size(), settings.queue(), settings.maxBytes(),
                token == null ? "" : "; bearer token required");
        stopped.await();
        reloader.shutdownNow();
        previous.forEach(Signal::handle);
        return 0;
    }

    /**
     * SIGTERM and SIGINT stop the service here rather than through a JVM shutdown hook: ONNX Runtime's own hook
     * (OrtEnvironment's closer) frees the native environment as soon as the JVM starts to exit, while requests
     * accepted before the signal may still be running inference on it (SIGSEGV in libonnxruntime, exit 134).
     * The handler answers the accepted requests and closes the sessions; only then does the command return and
     * the JVM exit, running that hook on an idle environment. Returns the handlers replaced, to put back.
     */
    private Map<Signal, SignalHandler> stopOnSignals(Duration grace) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        for (String name : List.of("TERM", "INT")) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> new Thread(() -> stop(grace), "fruits-serve-stop").start()));
            } catch (IllegalArgumentException e) { // a JVM started with -Xrs, or a platform without the signal
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(grace), "fruits-serve-shutdown"));
            }
        }
        return previous;
    }

    /** The running server (tests): null before it listens. */
    FeatureServer server() {
        return server;
    }

    /** Graceful stop, from SIGTERM/Ctrl-C or a test; the tool's {@link #run} then returns 0. */
    void stop(Duration grace) {
        FeatureServer running = server;
        try {
            if (running != null && stopped.getCount() > 0) {
                System.out.println("serve: stopping; answering the requests already accepted (up to " + grace.toSeconds() + " s)");
                running.shutdown(grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** Loads the run again when its files changed; a run in the middle of a rewrite is tried again next time. */
    private void reload(Configuration conf, AtomicReference<ServedRun> run, SessionPool pool) {
        ServedRun current = run.get();
        try {
            if (ServedRun.signature(conf, current.run(), current.pca()).equals(current.signature())) {
                server.runLoaded(true); // back as it was after a failed reload
                return;
            }
            ServedRun fresh = ServedRun.read(conf, current.run(), current.pca());
            // The sessions decode and infer as the run was made when they were loaded.
            if (!fresh.modelFingerprint().equals(current.modelFingerprint()) || !fresh.engine().equals(pool.engine())
                    || !fresh.reading().equals(current.reading())) {
                throw new UsageException("the run was featurized again with another model, engine, --decode or --orientation; "
                        + "restart the service");
            }
            run.set(fresh);
            LOG.info("serve: {} changed on storage; loaded again: {} labelled vectors, PCA {}", fresh.run(),
                    fresh.labels().size(), fresh.pcaModelId());
            System.out.println("serve: the run changed on storage; loaded again (" + fresh.labels().size()
                    + " labelled vectors, PCA " + fresh.pcaModelId() + ")");
            server.metrics().reloaded(true);
            server.runLoaded(true);
        } catch (IOException | RuntimeException e) {
            server.metrics().reloaded(false);
            server.runLoaded(false);
            LOG.warn("serve: the run changed but could not be loaded again; photos are refused (503) until it loads "
                    + "(tried again every --reload): {}", e.getMessage());
        }
    }

    /** The bearer token; a bind beyond loopback without one is refused. */
    static byte[] token(Configuration conf, String bind) throws IOException {
        String file = ServeConfigKeys.TOKEN_FILE.get(conf);
        if (file == null) {
            if (!loopback(bind)) {
                throw new UsageException("--bind " + bind + " accepts connections from other machines: give a bearer token "
                        + "with --token-file <file> (or keep the default, 127.0.0.1)");
            }
            return null;
        }
        java.nio.file.Path path = Paths.get(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--token-file " + file + " does not exist");
        }
        String token = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            throw new UsageException("--token-file " + file + " holds " + (token.isEmpty() ? "no token" : "a token of "
                    + token.length() + " characters") + "; use at least 16 random characters (openssl rand -hex 32)");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("--bind " + bind + " is not an address of this machine");
        }
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}

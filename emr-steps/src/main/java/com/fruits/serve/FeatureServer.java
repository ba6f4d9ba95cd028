package com.fruits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.evaluate.NearestLabels;
import com.fruits.featurize.image.ImageRejectedException;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.server.handlers.RequestLimitingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The HTTP side of {@code fruits serve} on Undertow. Every photo request goes through the same gate:
 * bearer token (when one is set), size (413, before a byte of the body is read when the length is
 * declared), then a {@link RequestLimit} of one request per inference session and a bounded queue
 * (503 with {@code Retry-After} when full, or when a request waited longer than the timeout). Bodies are
 * read only once a session is free, into memory: queued requests hold no photo, and no photo touches
 * the disk or the log. Shutdown stops accepting and lets the accepted requests finish.
 */
public final class FeatureServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("fruits.serve");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final String FEATURES = "features";
    private static final String IDENTIFY = "identify";

    /** How the server is set up: sessions, queue places, size limit, timeout, default top-n, optional bearer token. */
    public record Settings(String bind, int port, int queue, int maxBytes, Duration timeout, int top, byte[] token) {
    }

    private final Settings settings;
    private final SessionPool sessions;
    private final AtomicReference<ServedRun> run;
    private final ServeMetrics metrics;
    private final GracefulShutdownHandler gate;
    private final Undertow undertow;
    private volatile boolean ready;
    private volatile boolean runLoaded = true;

    FeatureServer(Settings settings, SessionPool sessions, AtomicReference<ServedRun> run) {
        this.settings = settings;
        this.sessions = sessions;
        this.run = run;
        this.metrics = new ServeMetrics(sessions.size(), settings.queue());
        RequestLimit limit = new RequestLimit(sessions.size(), settings.queue());
        limit.setFailureHandler(exchange -> {
            metrics.waiting().decrementAndGet();
            refuseAndCount(exchange, 503, "queue_full", "every inference session is busy and the queue is full; retry shortly");
        });
        HttpHandler admitted = new RequestLimitingHandler(limit, this::admitted);
        HttpHandler photo = exchange -> {
            if (!runLoaded) {
                refuseAndCount(exchange, 503, "run_unavailable", "the run changed on storage and is not loaded again yet; "
                        + "retry shortly");
            } else if (authorized(exchange) && sizeAccepted(exchange)) {
                metrics.waiting().incrementAndGet();
                admitted.handleRequest(exchange);
            }
        };
        HttpHandler routes = Handlers.routing()
                .post("/v1/features", photo)
                .post("/v1/identify", photo)
                .get("/healthz", exchange -> text(exchange, 200, "ok\n"))
                .get("/readyz", exchange -> {
                    boolean serving = ready && runLoaded;
                    text(exchange, serving ? 200 : 503, serving ? "ready\n" : "not ready\n");
                })
                .get("/metrics", exchange -> {
                    if (authorized(exchange)) {
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
                        exchange.getResponseSender().send(ByteBuffer.wrap(metrics.scrape()));
                    }
                })
                .setInvalidMethodHandler(exchange -> error(exchange, 405, "method_not_allowed",
                        "use POST for /v1/features and /v1/identify, GET for /healthz, /readyz and /metrics"))
                .setFallbackHandler(exchange -> error(exchange, 404, "not_found",
                        "the endpoints are POST /v1/features, POST /v1/identify, GET /healthz, /readyz, /metrics"));
        this.gate = Handlers.gracefulShutdown(routes);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        this.undertow = Undertow.builder()
                .addHttpListener(settings.port(), settings.bind())
                .setIoThreads(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                .setWorkerThreads(sessions.size() + 2)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeoutMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setSocketOption(Options.READ_TIMEOUT, timeoutMillis)
                .setHandler(gate)
                .build();
    }

    /** Starts listening; true readiness from here on. */
    public FeatureServer start() {
        undertow.start();
        ready = true;
        return this;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Whether the run as it is on storage is the one in memory. While it is not (a reload failed), photos
     * are refused with 503: what memory holds may include what an erasure has just removed.
     */
    void runLoaded(boolean loaded) {
        runLoaded = loaded;
    }

    ServeMetrics metrics() {
        return metrics;
    }

    /**
     * Graceful stop: not ready, new requests refused with 503, accepted ones (in a session or queued)
     * answered within {@code grace}; then the listener and the sessions are closed.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        ready = false;
        gate.shutdown();
        if (!gate.awaitShutdown(grace.toMillis())) {
            LOG.warn("serve: requests still running after {} s of shutdown; stopping anyway", grace.toSeconds());
        }
        undertow.stop();
        sessions.close(grace);
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(settings.timeout());
    }

    /** A request the limit let through: on a worker thread, read the photo and answer. */
    private void admitted(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::admitted);
            return;
        }
        metrics.waiting().decrementAndGet();
        long start = exchange.getRequestStartTime();
        String endpoint = endpointOf(exchange);
        if (System.nanoTime() - start > settings.timeout().toNanos()) {
            refuseAndCount(exchange, 503, "timeout", "the request waited longer than " + settings.timeout().toSeconds()
                    + " s for an inference session; retry shortly");
            return;
        }
        metrics.inFlight().incrementAndGet();
        try {
            exchange.startBlocking();
            // The limit is ours, not Undertow's MAX_ENTITY_SIZE (which answers a declared excess with a bare 400).
            byte[] photo = exchange.getInputStream().readNBytes(settings.maxBytes() + 1);
            if (photo.length > settings.maxBytes()) {
                tooLarge(exchange);
                return;
            }
            ServedRun served = run.get();
            float[] vector = sessions.vector(photo);
            double[] projected = served.projection().project(vector);
            Map<String, Object> body = new LinkedHashMap<>();
            if (endpoint.equals(FEATURES)) {
                body.put("features", vector);
                body.put("pca_features", projected);
            } else {
                List<NearestLabels.Match> matches = served.labels().nearest(projected, top(exchange));
                body.put("labels", matches);
                body.put("references", served.labels().size());
            }
            body.put("model_fingerprint", served.modelFingerprint());
            body.put("pca_model_id", served.pcaModelId());
            body.put("k", served.k());
            body.put("engine", sessions.engine());
            json(exchange, 200, body);
        } catch (ImageRejectedException e) {
            // The batch job's reason and detail; the detail describes the bytes, never where they came from.
            String detail = e.detail().isEmpty() ? "" : ": " + e.detail();
            error(exchange, 422, e.reason().name().toLowerCase(Locale.ROOT), e.reason().description() + detail);
            metrics.rejected(e.reason().name().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            // The client went away or stalled past the read timeout while sending: nothing to answer.
            metrics.rejected("read_failed");
            exchange.setStatusCode(400);
            exchange.endExchange();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(exchange, 503, "shutting_down", "the service is stopping");
        } catch (RuntimeException e) {
            LOG.error("serve: a request failed", e);
            error(exchange, 500, "internal_error", "the service failed on this request; its log says why");
        } finally {
            metrics.inFlight().decrementAndGet();
            metrics.answered(endpoint, exchange.getStatusCode(), start);
        }
    }

    private int top(HttpServerExchange exchange) {
        Deque<String> values = exchange.getQueryParameters().get("top");
        if (values == null || values.isEmpty()) {
            return settings.top();
        }
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(values.getFirst())));
        } catch (NumberFormatException e) {
            return settings.top();
        }
    }

    private boolean authorized(HttpServerExchange exchange) {
        if (settings.token() == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(given, settings.token())) {
            return true;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        refuseAndCount(exchange, 401, "unauthorized", "this endpoint needs 'Authorization: Bearer <token>' with the service's token");
        return false;
    }

    private boolean sizeAccepted(HttpServerExchange exchange) {
        if (exchange.getRequestContentLength() > settings.maxBytes()) {
            tooLarge(exchange);
            metrics.answered(endpointOf(exchange), 413, exchange.getRequestStartTime());
            return false;
        }
        return true;
    }

    private void tooLarge(HttpServerExchange exchange) {
        exchange.setPersistent(false); // the rest of the body is not read: this connection cannot carry another request
        refuse(exchange, 413, "too_large", "the photo is larger than the service's limit of " + settings.maxBytes() + " bytes");
    }

    /** A refusal inside a photo request's own accounting. */
    private void refuse(HttpServerExchange exchange, int status, String reason, String message) {
        metrics.rejected(reason);
        if (status == 503) {
            exchange.getResponseHeaders().put(RETRY_AFTER, "1");
        }
        error(exchange, status, reason, message);
    }

    /** A refusal that ends the request before it reached its session. */
    private void refuseAndCount(HttpServerExchange exchange, int status, String reason, String message) {
        refuse(exchange, status, reason, message);
        metrics.answered(endpointOf(exchange), status, exchange.getRequestStartTime());
    }

    private static String endpointOf(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        return path.endsWith(IDENTIFY) ? IDENTIFY : path.endsWith(FEATURES) ? FEATURES : path.substring(path.lastIndexOf('/') + 1);
    }

    private static void error(HttpServerExchange exchange, int status, String reason, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("message", message);
        json(exchange, status, body);
    }

    private static void json(HttpServerExchange exchange, int status, Object body) {
        try {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body);
    }
}

package com.fruits.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's metrics in Prometheus' text format: requests by endpoint and status, rejections by
 * reason (the batch job's reject reasons for photos, plus too_large, queue_full, timeout, unauthorized,
 * shutting_down), a latency histogram, the queue depth and the requests in inference. One registry per
 * server, so that several servers in one JVM (tests) count apart. Labels hold no request data.
 */
final class ServeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter requests;
    private final Counter rejections;
    private final Counter reloads;
    private final Histogram latency;

    ServeMetrics(int sessions, int queue) {
        requests = Counter.builder().name("fruits_serve_requests_total")
                .help("Requests answered, by endpoint and HTTP status").labelNames("endpoint", "status").register(registry);
        rejections = Counter.builder().name("fruits_serve_rejections_total")
                .help("Requests refused, by reason").labelNames("reason").register(registry);
        reloads = Counter.builder().name("fruits_serve_reloads_total")
                .help("Loads of the run after it changed on storage, by outcome").labelNames("outcome").register(registry);
        latency = Histogram.builder().name("fruits_serve_request_duration_seconds")
                .help("Time from the request's arrival to its answer, queueing included, by endpoint")
                .labelNames("endpoint").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        GaugeWithCallback.builder().name("fruits_serve_queue_depth")
                .help("Requests waiting for an inference session").callback(cb -> cb.call(waiting.get())).register(registry);
        GaugeWithCallback.builder().name("fruits_serve_in_flight")
                .help("Requests holding an inference session").callback(cb -> cb.call(inFlight.get())).register(registry);
        GaugeWithCallback.builder().name("fruits_serve_capacity")
                .help("Inference sessions and queue places, by kind").labelNames("kind")
                .callback(cb -> {
                    cb.call(sessions, "sessions");
                    cb.call(queue, "queue");
                }).register(registry);
    }

    void answered(String endpoint, int status, long startNanos) {
        requests.labelValues(endpoint, String.valueOf(status)).inc();
        latency.labelValues(endpoint).observe((System.nanoTime() - startNanos) / 1e9);
    }

    void rejected(String reason) {
        rejections.labelValues(reason).inc();
    }

    void reloaded(boolean ok) {
        reloads.labelValues(ok ? "loaded" : "failed").inc();
    }

    AtomicInteger waiting() {
        return waiting;
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}

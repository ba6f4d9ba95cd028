package com.fruits.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback (the JDK's {@link HttpServer}) serving files for download tests, well
 * or badly: each path can be served normally (with {@code Range} support), cut short the first time,
 * cut short every time, without range support, or stalled.
 */
public final class FileServer implements AutoCloseable {
    public enum Behaviour { NORMAL, CUT_ONCE, CUT_ALWAYS, IGNORE_RANGE, STALL }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private record Entry(byte[] body, Behaviour behaviour) {
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "file-server");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;
    private final Map<String, Entry> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor); // a stalled response must not hold up the others
        server.start();
    }

    public URI serve(String path, byte[] body, Behaviour behaviour) {
        files.put(path, new Entry(body, behaviour));
        return url(path);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Entry entry = files.get(exchange.getRequestURI().getPath());
        try (exchange) {
            if (entry == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = entry.body();
            long from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && entry.behaviour() != Behaviour.IGNORE_RANGE) {
                from = Long.parseLong(m.group(1));
                if (from >= body.length) {
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            OutputStream out = exchange.getResponseBody();
            int length = (int) (body.length - from);
            boolean cut = entry.behaviour() == Behaviour.CUT_ALWAYS
                    || entry.behaviour() == Behaviour.CUT_ONCE && cuts.getAndIncrement() == 0;
            if (entry.behaviour() == Behaviour.STALL) {
                out.write(body, (int) from, Math.min(length, 1024));
                out.flush();
                sleep(60_000);
            } else if (cut) {
                out.write(body, (int) from, length / 2);
                out.flush();
                throw new IOException("cut on purpose"); // closing a short fixed-length body drops the connection
            } else {
                out.write(body, (int) from, length);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

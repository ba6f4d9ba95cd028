package com.fruits.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * One file over HTTP(S), done properly: written to {@code <target>.part} and renamed only when every
 * byte the server announced has arrived; a {@code .part} left by an interrupted download is resumed
 * with a {@code Range} request (or started again when the server ignores it); a body cut short is
 * resumed once more before giving up; connecting and each read wait at most {@code timeout}
 * ({@link HttpURLConnection}: unlike {@code HttpClient}, it bounds every read of the body).
 * Progress (bytes, rate) goes to the terminal on one updating line. Failures are
 * {@link UsageException}s in one sentence that says what to do, with {@code fallback} as the way out
 * (e.g. "give a local copy with --from <file>").
 */
public final class Download {
    private static final int ATTEMPTS = 2;

    private final Duration timeout;
    private final String stage;
    private final String fallback;
    private final PrintStream out = System.err;

    public Download(Duration timeout, String stage, String fallback) {
        this.timeout = timeout;
        this.stage = stage;
        this.fallback = fallback;
    }

    /** Downloads {@code url} to {@code target}; returns its size in bytes. */
    public long fetch(URI url, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.createDirectories(target.toAbsolutePath().getParent());
        String lastProblem = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            lastProblem = null;
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(true);
            if (have > 0) {
                connection.setRequestProperty("Range", "bytes=" + have + "-");
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (ConnectException | UnknownHostException | SocketTimeoutException e) {
                throw new UsageException("could not reach " + url.getHost() + " (" + reason(e) + "): offline? "
                        + fallback);
            }
            if (status == 416 && have > 0) { // the .part is already whole, or belongs to another file
                Files.delete(part);
                connection.disconnect();
                continue;
            }
            if (status != 200 && status != 206) {
                connection.disconnect();
                throw new UsageException(url + " answered HTTP " + status + (status == 404 ? " (not found)" : "")
                        + "; check --url, or " + fallback);
            }
            boolean resumed = status == 206;
            long expected = connection.getContentLengthLong();
            long total = expected < 0 ? -1 : expected + (resumed ? have : 0);
            long received = resumed ? have : 0;
            long start = System.nanoTime();
            long startBytes = received;
            try (InputStream body = connection.getInputStream();
                 OutputStream file = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[1 << 16];
                long lastShown = 0;
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    file.write(buffer, 0, n);
                    received += n;
                    long now = System.nanoTime();
                    if (now - lastShown > 250_000_000L) {
                        progress(received, total, received - startBytes, now - start, false);
                        lastShown = now;
                    }
                }
            } catch (SocketTimeoutException e) {
                lastProblem = "no data for " + timeout.toSeconds() + " s";
            } catch (IOException e) {
                lastProblem = reason(e);
            }
            progress(received, total, received - startBytes, System.nanoTime() - start, true);
            if (total < 0 ? lastProblem == null : received == total) {
                UserCache.moveAtomically(part, target);
                return received;
            }
            if (total >= 0 && received > total) {
                Files.delete(part); // more than announced: not the file we asked for
                throw new UsageException(url + " sent " + received + " bytes where it announced " + total
                        + "; " + fallback);
            }
            lastProblem = String.format(Locale.ROOT, "stopped at %,d of %,d bytes%s", received, total,
                    lastProblem == null ? "" : ", " + lastProblem);
            out.println(stage + ": the download " + lastProblem + (attempt < ATTEMPTS ? "; resuming" : ""));
        }
        throw new UsageException("the download of " + url + " " + (lastProblem == null ? "did not complete" : lastProblem) + "; run the command again to resume "
                + "it, or " + fallback);
    }

    private void progress(long received, long total, long bytesThisTime, long nanos, boolean last) {
        boolean terminal = System.console() != null;
        if (!terminal && !last) {
            return;
        }
        double rate = bytesThisTime / Math.max(nanos / 1e9, 1e-3) / 1e6;
        String line = total > 0
                ? String.format(Locale.ROOT, "%s: %.1f of %.1f MB (%.0f%%), %.1f MB/s", stage, received / 1e6, total / 1e6,
                        100.0 * received / total, rate)
                : String.format(Locale.ROOT, "%s: %.1f MB, %.1f MB/s", stage, received / 1e6, rate);
        if (terminal) {
            out.print("\r" + line + "   " + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}

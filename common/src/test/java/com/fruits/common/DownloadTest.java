package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on loopback, served well and badly; the file is the real Keras weight file. */
@Tag("unit")
class DownloadTest {
    private static final String FALLBACK = "give a local copy with --from <file>";
    @TempDir
    Path dir;
    private FileServer server;
    private byte[] weights;
    private Path target;

    @BeforeEach
    void start() throws IOException {
        server = new FileServer();
        weights = new byte[9_406_464]; // the weight file's size: the download is what is tested, not its content
        new java.util.Random(42).nextBytes(weights);
        target = dir.resolve("weights.h5");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Download download(Duration timeout) {
        return new Download(timeout, "test", FALLBACK);
    }

    @Test
    void wholeFileArrivesUnderItsNameAndNoPartIsLeft() throws IOException {
        URI url = server.serve("/w.h5", weights, FileServer.Behaviour.NORMAL);
        assertEquals(weights.length, download(Duration.ofSeconds(10)).fetch(url, target));
        assertArrayEquals(weights, Files.readAllBytes(target));
        assertFalse(Files.exists(dir.resolve("weights.h5.part")));
    }

    @Test
    void aBodyCutShortIsResumedWithARangeRequest() throws IOException {
        URI url = server.serve("/w.h5", weights, FileServer.Behaviour.CUT_ONCE);
        download(Duration.ofSeconds(10)).fetch(url, target);
        assertArrayEquals(weights, Files.readAllBytes(target));
        assertEquals(2, server.requests());
    }

    @Test
    void aPartLeftByAKilledRunIsResumedAndAServerIgnoringRangesStartsAgain() throws IOException {
        Files.write(dir.resolve("weights.h5.part"), java.util.Arrays.copyOf(weights, 1000));
        download(Duration.ofSeconds(10)).fetch(server.serve("/w.h5", weights, FileServer.Behaviour.NORMAL), target);
        assertArrayEquals(weights, Files.readAllBytes(target));

        Files.delete(target);
        Files.write(dir.resolve("weights.h5.part"), new byte[1000]); // garbage a resume would keep
        download(Duration.ofSeconds(10)).fetch(server.serve("/r.h5", weights, FileServer.Behaviour.IGNORE_RANGE), target);
        assertArrayEquals(weights, Files.readAllBytes(target));
    }

    @Test
    void aBodyCutShortEveryTimeEndsInOneSentenceAndKeepsThePartForTheNextRun() {
        URI url = server.serve("/w.h5", weights, FileServer.Behaviour.CUT_ALWAYS);
        UsageException e = assertThrows(UsageException.class, () -> download(Duration.ofSeconds(10)).fetch(url, target));
        assertTrue(e.getMessage().contains("stopped at") && e.getMessage().contains("of " + String.format("%,d", weights.length))
                && e.getMessage().contains("run the command again to resume") && e.getMessage().endsWith(FALLBACK), e.getMessage());
        assertFalse(Files.exists(target));
        assertTrue(Files.exists(dir.resolve("weights.h5.part")));
    }

    @Test
    void notFoundSaysSo() {
        UsageException e = assertThrows(UsageException.class,
                () -> download(Duration.ofSeconds(10)).fetch(server.url("/missing.h5"), target));
        assertTrue(e.getMessage().contains("HTTP 404 (not found)") && e.getMessage().endsWith(FALLBACK), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void offlineSaysSo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UsageException e = assertThrows(UsageException.class, () -> download(Duration.ofSeconds(5))
                .fetch(URI.create("http://127.0.0.1:" + closedPort + "/w.h5"), target));
        assertTrue(e.getMessage().startsWith("could not reach 127.0.0.1") && e.getMessage().contains("offline?"), e.getMessage());
    }

    @Test
    void aStalledServerTimesOut() {
        URI url = server.serve("/w.h5", weights, FileServer.Behaviour.STALL);
        UsageException e = assertThrows(UsageException.class, () -> download(Duration.ofSeconds(1)).fetch(url, target));
        assertTrue(e.getMessage().contains("no data for 1 s"), e.getMessage());
        assertFalse(Files.exists(target));
    }
}

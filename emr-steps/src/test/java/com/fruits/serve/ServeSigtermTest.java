package com.fruits.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout's SIGTERM (issue 35), on a real {@code fruits serve} process: stopped at 20 moments of a fresh
 * instance's first second, with 8 phone photos in flight each time, it never dies in native code (no exit 134,
 * no hs_err file), exits 0 or 143, and every request it accepted is answered 200.
 */
@Tag("integration")
class ServeSigtermTest {
    @TempDir
    Path tmp;

    @Test
    void aSigtermAtAnyMomentOfTheFirstSecondDrainsWithoutACrash() throws Exception {
        SharedData.model(); // skips, with the reason, before anything is made
        Path photo = SharedData.reference().resolve("large/photos/12mp-a.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(photo), () -> "needs " + photo);
        Path images = tmp.resolve("images");
        SharedData.copyInto(SharedData.testSlice(3, 3), images);
        Path run = tmp.resolve("run");
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"pipeline", "--input", images.toString(),
            "--output", run.toString(), "--model", SharedData.model().toString(), "--k", "4"}));
        byte[] body = Files.readAllBytes(photo);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> outcomes = new ArrayList<>();
        for (int moment = 0; moment < 20; moment++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path work = Files.createDirectories(tmp.resolve("instance-" + moment));
            Path log = work.resolve("serve.log");
            Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-cp", System.getProperty("java.class.path"), FruitsCli.class.getName(), "serve",
                    "--run", run.toString(), "--model", SharedData.model().toString(), "--port", String.valueOf(port))
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("ready in") && serve.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(Files.readString(log).contains("ready in"), Files.readString(log));
                List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/identify"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                Thread.sleep(moment * 50L); // 0 to 950 ms into the instance's first requests
                serve.destroy(); // SIGTERM
                assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
                int exit = serve.exitValue();
                int answered = 0;
                int refused = 0;
                for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                    try {
                        HttpResponse<String> response = request.get(10, TimeUnit.SECONDS);
                        if (response.statusCode() == 200) {
                            answered++;
                        } else {
                            // Not accepted: refused at the door while stopping, with a reason.
                            assertTrue(response.statusCode() == 503 || response.statusCode() == 400, response.statusCode()
                                    + " " + response.body());
                            refused++;
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        refused++; // the listener was closed before it connected: never accepted
                    }
                }
                try (Stream<Path> files = Files.list(work)) {
                    assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")),
                            "moment " + moment + ": a native crash: " + Files.readString(log));
                }
                assertTrue(exit == 0 || exit == 143, "moment " + moment + ": exit " + exit + "\n" + Files.readString(log));
                outcomes.add(moment * 50 + " ms: " + answered + " answered, " + refused + " not accepted");
            } finally {
                serve.destroyForcibly();
            }
        }
        System.out.println("SIGTERM during the first second, 8 requests of a 12 MP photo in flight:\n  "
                + String.join("\n  ", outcomes));
    }
}

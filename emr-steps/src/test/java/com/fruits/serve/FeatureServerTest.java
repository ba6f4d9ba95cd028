package com.fruits.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.common.UsageException;
import com.fruits.pipeline.RunOutputs;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fruits serve} end to end: a real pipeline run of real photos, the real server on a loopback port,
 * a real HTTP client. The service's vector and projection of each photo must equal, bit for bit, what the
 * featurize and project jobs wrote for it, on both engines.
 */
class FeatureServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path images;
    private static Path onnxRun;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServeTool> started = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * One pipeline run of nine real photos and a broken file, made by the first test that needs it (so that
     * without ../shared each test is skipped with the reason).
     */
    private static synchronized Path onnxRun() throws Exception {
        if (onnxRun == null) {
            SharedData.model(); // skips, with the reason, before anything is copied
            images = dir.resolve("images");
            SharedData.copyInto(SharedData.testSlice(3, 3), images);
            try (Stream<Path> labels = Files.list(images)) {
                Path first = labels.sorted().findFirst().orElseThrow();
                Files.writeString(first.resolve("broken.jpg"), "not a photo");
            }
            onnxRun = pipeline("onnx-run", "onnxruntime");
        }
        return onnxRun;
    }

    /** Batches of 4 in the job against one photo per request: a vector must not depend on its batch. */
    private static Path pipeline(String name, String engine) throws Exception {
        Path run = dir.resolve(name);
        assertEquals(0, FruitsCli.run(LocalJobConf.in(dir), new String[] {"pipeline", "--input", images.toString(),
            "--output", run.toString(), "--model", SharedData.model().toString(), "--k", "4", "--engine", engine,
            "--max-rejected-ratio", "0.2", "--batch-size", "4"}));
        return run;
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServeTool tool : started) {
            tool.stop(Duration.ofSeconds(5));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Test
    void answersTheBatchJobsExactVectorsAndProjectionsOnOnnxRuntime() throws Exception {
        assertServesTheRunsNumbers(onnxRun());
    }

    @Test
    void answersTheBatchJobsExactVectorsAndProjectionsOnTensorFlow() throws Exception {
        onnxRun(); // copies the photos
        assertServesTheRunsNumbers(pipeline("tf-run", "tensorflow"));
    }

    private void assertServesTheRunsNumbers(Path run) throws Exception {
        int port = serve(run);
        Map<String, float[]> vectors = RunOutputs.vectors(run.resolve("features"));
        Map<String, double[]> projections = RunOutputs.projected(run.resolve("projected"));
        assertEquals(9, vectors.size());
        for (Map.Entry<String, float[]> row : vectors.entrySet()) {
            Path photo = photo((row.getKey()));
            HttpResponse<String> answer = post(port, "/v1/features", Files.readAllBytes(photo));
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode body = JSON.readTree(answer.body());
            float[] served = JSON.treeToValue(body.get("features"), float[].class);
            double[] projected = JSON.treeToValue(body.get("pca_features"), double[].class);
            assertArrayEquals(row.getValue(), served, 0f, "vector of " + photo);
            assertArrayEquals(projections.get(row.getKey()), projected, 0d, "projection of " + photo);
            assertEquals(4, body.get("k").asInt());
            assertTrue(body.get("engine").asText().startsWith(run.getFileName().toString().startsWith("tf") ? "tensorflow" : "onnx"));
            assertFalse(body.get("pca_model_id").asText().isEmpty());
            assertEquals(64, body.get("model_fingerprint").asText().length());
        }
    }

    @Test
    void identifiesAPhotoAsItsOwnLabelFirstAndRejectsWhatTheBatchJobRejects() throws Exception {
        int port = serve(onnxRun(), "--top", "2");
        Map<String, String> labels = RunOutputs.labels(onnxRun().resolve("features"));
        for (Map.Entry<String, String> row : labels.entrySet()) {
            HttpResponse<String> answer = post(port, "/v1/identify", Files.readAllBytes(photo((row.getKey()))));
            JsonNode ranked = JSON.readTree(answer.body()).get("labels");
            assertEquals(2, ranked.size(), answer.body());
            assertEquals(row.getValue(), ranked.get(0).get("label").asText(), "the photo itself is among the references");
            assertEquals(1.0, ranked.get(0).get("cosine").asDouble(), 1e-9);
            assertTrue(ranked.get(1).get("cosine").asDouble() <= ranked.get(0).get("cosine").asDouble());
        }
        assertEquals(3, JSON.readTree(post(port, "/v1/identify?top=50", Files.readAllBytes(
                photo((labels.keySet().iterator().next())))).body()).get("labels").size(), "3 labels in the run");

        String batchReason = RunOutputs.rejected(onnxRun().resolve("features")).stream().filter(l -> l.contains("broken.jpg"))
                .findFirst().orElseThrow().split("\t")[1];
        HttpResponse<String> broken = post(port, "/v1/features", "not a photo".getBytes());
        assertEquals(422, broken.statusCode());
        assertEquals(batchReason.toLowerCase(), JSON.readTree(broken.body()).get("error").asText());
        assertEquals(422, post(port, "/v1/features", new byte[0]).statusCode());
        assertEquals(404, post(port, "/v2/nothing", new byte[1]).statusCode());
        assertEquals(405, HTTP.send(HttpRequest.newBuilder(url(port, "/v1/features")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        String metrics = get(port, "/metrics").body();
        assertTrue(metrics.contains("fruits_serve_requests_total{endpoint=\"identify\",status=\"200\"} 10.0"), metrics);
        assertTrue(metrics.contains("fruits_serve_rejections_total{reason=\"" + batchReason.toLowerCase() + "\"}"), metrics);
        assertTrue(metrics.contains("fruits_serve_request_duration_seconds_bucket{endpoint=\"features\""), metrics);
        assertEquals(200, get(port, "/healthz").statusCode());
        assertEquals(200, get(port, "/readyz").statusCode());
    }

    @Test
    void refusesTooLargePhotosAndOverloadWith503AndRetryAfterThenFinishesAcceptedRequestsOnStop() throws Exception {
        byte[] large = noisePhoto(3000, 2000);
        int port = serve(onnxRun(), "--sessions", "1", "--queue", "2", "--max-bytes", String.valueOf(large.length));
        byte[] tooLarge = new byte[large.length + 1];
        System.arraycopy(large, 0, tooLarge, 0, large.length);
        // As curl sends a large body: length declared, 'Expect: 100-continue'; the 413 comes before a byte of it is sent.
        // (A raw socket, because the JDK's client waits for a '100 Continue' that a refusal never sends.)
        assertEquals("HTTP/1.1 413", statusLineOf(port, "POST /v1/features HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + tooLarge.length + "\r\nExpect: 100-continue\r\n\r\n").substring(0, 12));
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(url(port, "/v1/features"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), "a body without a declared length is held to the limit too");

        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(clients.submit(() -> post(port, "/v1/features", large)));
            }
            int ok = 0;
            int busy = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 503) {
                    busy++;
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                } else {
                    assertEquals(200, r.statusCode(), r.body());
                    ok++;
                }
            }
            assertTrue(ok >= 3 && busy >= 1, ok + " answered, " + busy + " refused: one session and two queue places");
            assertTrue(get(port, "/metrics").body().contains("fruits_serve_rejections_total{reason=\"queue_full\"}"));

            // Graceful stop: the accepted requests (one in the session, two queued) are all answered.
            List<Future<HttpResponse<String>>> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(clients.submit(() -> post(port, "/v1/features", large)));
            }
            Thread.sleep(300);
            started.get(0).stop(Duration.ofSeconds(30));
            for (Future<HttpResponse<String>> f : accepted) {
                assertEquals(200, f.get().statusCode());
            }
            assertThrows(IOException.class, () -> get(port, "/healthz"), "stopped: nothing listens any more");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void needsATokenBeyondLoopbackAndChecksIt() throws Exception {
        assertEquals(FruitsCli.USAGE_ERROR, FruitsCli.run(LocalJobConf.in(dir), new String[] {"serve", "--run",
            onnxRun().toString(), "--model", SharedData.model().toString(), "--bind", "0.0.0.0"}));
        assertThrows(UsageException.class, () -> ServeTool.token(new Configuration(false), "0.0.0.0"));
        String token = "4f1c2a9be07d4c55a1e3f0b6d2c8e917";
        Path file = Files.writeString(dir.resolve("token"), token + "\n");
        int port = serve(onnxRun(), "--token-file", file.toString());
        byte[] photo = Files.readAllBytes(photo((RunOutputs.labels(onnxRun().resolve("features")).keySet()
                .iterator().next())));
        HttpResponse<String> refused = post(port, "/v1/features", photo);
        assertEquals(401, refused.statusCode());
        assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, get(port, "/metrics").statusCode());
        assertEquals(200, get(port, "/healthz").statusCode(), "probes need no token");
        HttpResponse<String> allowed = HTTP.send(HttpRequest.newBuilder(url(port, "/v1/features"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode());
    }

    @Test
    void anErasedPhotoLeavesTheServiceWithinTheReloadPeriod() throws Exception {
        Path run = dir.resolve("erase-run");
        FileUtils.copyDirectory(onnxRun().toFile(), run.toFile());
        int port = serve(run, "--reload", "1s");
        String erased = RunOutputs.labels(run.resolve("features")).keySet().iterator().next();
        byte[] photo = Files.readAllBytes(photo((erased)));
        assertEquals(9, JSON.readTree(post(port, "/v1/identify", photo).body()).get("references").asInt());
        assertEquals(0, FruitsCli.run(LocalJobConf.in(dir), new String[] {"erase", "--runs", run.toString(), "--path", erased}));
        // While the run is being rewritten the service may refuse (503 run_unavailable); never the old rows.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int references = 9;
        while (references != 8 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            HttpResponse<String> answer = post(port, "/v1/identify", photo);
            if (answer.statusCode() == 200) {
                references = JSON.readTree(answer.body()).get("references").asInt();
            } else {
                assertEquals("run_unavailable", JSON.readTree(answer.body()).get("error").asText(), answer.body());
            }
        }
        assertEquals(8, references, "the service answers from the run as it is after the erasure");
    }

    @Test
    void refusesPhotosWhileTheRunOnStorageCannotBeLoaded() throws Exception {
        Path run = dir.resolve("vanishing-run");
        FileUtils.copyDirectory(onnxRun().toFile(), run.toFile());
        int port = serve(run, "--reload", "1s");
        byte[] photo = Files.readAllBytes(photo(RunOutputs.labels(run.resolve("features")).keySet().iterator().next()));
        assertEquals(200, post(port, "/v1/identify", photo).statusCode());

        // What memory holds may include rows an erasure just removed: no answer from it until the run loads.
        FileUtils.deleteDirectory(run.resolve("projected").toFile());
        HttpResponse<String> refused = untilStatus(port, photo, 503);
        assertEquals("run_unavailable", JSON.readTree(refused.body()).get("error").asText());
        assertEquals(503, get(port, "/readyz").statusCode());
        assertEquals(200, get(port, "/healthz").statusCode(), "alive, only not ready");

        FileUtils.copyDirectory(onnxRun().resolve("projected").toFile(), run.resolve("projected").toFile());
        untilStatus(port, photo, 200);
        assertEquals(200, get(port, "/readyz").statusCode());
    }

    private static HttpResponse<String> untilStatus(int port, byte[] photo, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> answer = post(port, "/v1/identify", photo);
        while (answer.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = post(port, "/v1/identify", photo);
        }
        assertEquals(status, answer.statusCode(), answer.body());
        return answer;
    }

    /** Starts {@code fruits serve} on a free loopback port, as the CLI does; returns the port. */
    private int serve(Path run, String... more) throws Exception {
        ServeTool tool = new ServeTool();
        List<String> args = new ArrayList<>(List.of("--run", run.toString(), "--model", SharedData.model().toString(),
                "--port", "0"));
        args.addAll(List.of(more));
        Configuration conf = LocalJobConf.in(dir);
        Thread t = new Thread(() -> {
            try {
                ToolRunner.run(conf, tool, args.toArray(String[]::new));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        started.add(tool);
        threads.add(t);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (tool.server() == null && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertNotNull(tool.server(), "the server did not start");
        return tool.server().port();
    }

    /** The local file of a path as the jobs write it ({@code file:/a/Apple Braeburn 1/x.jpg}, unescaped). */
    private static Path photo(String path) {
        return Path.of(new org.apache.hadoop.fs.Path(path).toUri());
    }

    private static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> post(int port, String path, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(port, path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(port, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String statusLineOf(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** A photo-sized JPEG of noise: slow enough to decode that a burst of them fills one session and its queue. */
    private static byte[] noisePhoto(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}

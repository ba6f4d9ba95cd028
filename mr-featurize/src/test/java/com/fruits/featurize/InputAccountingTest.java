package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.FeatureRow;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of a messy input folder is accounted for exactly once, on the real file system: names
 * with a colon, a line break or bytes that are not UTF-8, a symbolic-link loop, a dangling link, a
 * second name of a file, a pipe, a photo at the root and one nested deeper, a camera's {@code _DSC} photo,
 * hidden files and folders and a Hadoop marker (skipped, each with its reason).
 */
@Tag("job")
class InputAccountingTest {

    @TempDir
    Path tmp;

    @Test
    void everyEntryIsFeaturizedOrRejectedOnce() throws Exception {
        List<Path> photos = SharedData.testSlice(2, 3);
        Path in = tmp.resolve("in");
        Path apple = Files.createDirectories(in.resolve("Apple"));
        Path banana = Files.createDirectories(in.resolve("Banana/2026-11/day 1"));
        Files.copy(photos.get(0), apple.resolve("plain.jpg"));
        Files.copy(photos.get(1), apple.resolve("10:30 photo.jpg")); // a colon: featurized
        Files.copy(photos.get(2), banana.resolve("deep.jpg"));       // nested: label Banana
        Files.copy(photos.get(3), in.resolve("at-root.jpg"));        // no label folder
        Files.copy(photos.get(4), apple.resolve("line\nbreak.jpg"));
        sh("cp '" + photos.get(5) + "' \"$1\"/$'caf\\xe9.jpg'", apple.toString()); // Latin-1 bytes, not UTF-8
        Files.createSymbolicLink(apple.resolve("loop"), Path.of(".."));            // a cycle back to the root
        Files.createSymbolicLink(apple.resolve("gone.jpg"), tmp.resolve("nowhere.jpg"));
        Files.createSymbolicLink(banana.resolve("again.jpg"), apple.resolve("plain.jpg"));
        sh("mkfifo \"$1\"/pipe.jpg", apple.toString());
        Files.copy(photos.get(0), apple.resolve("_DSC0001.jpg"));    // a camera's name: a photo, not a marker
        Files.copy(photos.get(1), apple.resolve(".hidden.jpg"));
        Files.writeString(apple.resolve("_SUCCESS"), "");
        Files.copy(photos.get(2), Files.createDirectories(in.resolve(".thumbnails")).resolve("t.jpg"));

        Path out = tmp.resolve("out");
        Configuration conf = LocalJobConf.in(tmp);
        String[] args = {"--input", in.toString(), "--output", out.toString(), "--model", SharedData.model().toString(),
            "--max-rejected-ratio", "1"};
        String printed = stdoutOf(() -> assertEquals(0, ToolRunner.run(conf, new FeaturizeJob(), args)));

        Map<String, FeatureRow> vectors = vectors(out);
        assertEquals(Map.of("Apple/plain.jpg", "Apple", "Apple/10:30 photo.jpg", "Apple",
                "Banana/2026-11/day 1/deep.jpg", "Banana", "Apple/_DSC0001.jpg", "Apple"), vectors.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().label())));
        Map<String, String> rejected = rejected(out);
        String root = "file:" + in.toAbsolutePath();
        assertEquals(Map.of(
                root + "/at-root.jpg", "NO_LABEL",
                root + "/Apple/gone.jpg", "DANGLING_LINK",
                root + "/Banana/2026-11/day 1/again.jpg", "DUPLICATE",
                root + "/Apple/pipe.jpg", "NOT_A_FILE",
                in.toUri() + "Apple/line%0Abreak.jpg", "UNSUPPORTED_NAME",
                in.toUri() + "Apple/caf%E9.jpg", "UNSUPPORTED_NAME",
                root + "/Apple/.hidden.jpg", "HIDDEN",
                root + "/Apple/_SUCCESS", "MARKER",
                root + "/.thumbnails", "HIDDEN"), rejected);
        assertTrue(printed.contains("read 10 = featurized 4 + rejected 6 ["), printed);
        assertTrue(printed.contains("; skipped 3 [HIDDEN (2, "), printed);
        // The percent-encoded path gives the name's original bytes back.
        String encoded = URI.create(in.toUri() + "Apple/caf%E9.jpg").getRawPath();
        assertArrayEquals((in.toAbsolutePath() + "/Apple/caf\u00e9.jpg").getBytes(StandardCharsets.ISO_8859_1),
                java.net.URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1));
        // The loop was walked once: no image under Apple/loop/.
        assertTrue(vectors.keySet().stream().noneMatch(p -> p.contains("loop")), vectors.keySet().toString());

        // The same entries listed again, for an incremental batch, are all known: nothing new, nothing twice.
        Configuration again = new Configuration(conf);
        again.set(InputIndex.SKIP_FROM, out.resolve("features").toUri().toString());
        assertEquals(0, WholeFileInputFormat.count(again, new org.apache.hadoop.fs.Path(in.toUri())));
    }

    @Test
    void aSingleImageIsFeaturizedWhateverTheNumberOfCores() throws Exception {
        // Locally the input is cut into one split per core: fewer images than cores must not leave one out.
        Path in = Files.createDirectories(tmp.resolve("in/Apple"));
        Files.copy(SharedData.testSlice(1, 1).get(0), in.resolve("only.jpg"));
        Path out = tmp.resolve("out");
        String[] args = {"--input", in.getParent().toString(), "--output", out.toString(),
            "--model", SharedData.model().toString()};
        String printed = stdoutOf(() -> assertEquals(0, ToolRunner.run(LocalJobConf.in(tmp), new FeaturizeJob(), args)));
        assertTrue(printed.contains("read 1 = featurized 1 + rejected 0"), printed);
        assertEquals(List.of("Apple/only.jpg"), List.copyOf(vectors(out).keySet()));
    }

    /** Vectors by path relative to the input folder. */
    private static Map<String, FeatureRow> vectors(Path out) throws Exception {
        Map<String, FeatureRow> all = new HashMap<>();
        String root = "file:" + out.getParent().resolve("in").toAbsolutePath() + "/";
        FeaturizeJobTest.readAllVectors(out).forEach((path, v) -> all.put(path.substring(root.length()), v));
        return all;
    }

    /** Rejected path to reason, from rejected/part-*. */
    private static Map<String, String> rejected(Path out) throws Exception {
        Map<String, String> all = new HashMap<>();
        try (Stream<Path> parts = Files.list(out.resolve("rejected"))) {
            for (Path part : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().startsWith("part-"))::iterator) {
                for (String line : Files.readAllLines(part)) {
                    String[] cells = line.split("\t");
                    assertEquals(null, all.put(cells[0], cells[1]), "listed twice: " + cells[0]);
                }
            }
        }
        return all;
    }

    private static void sh(String script, String arg) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script, "sh", arg).inheritIO().start();
        assertEquals(0, p.waitFor(), script);
    }

    interface Action {
        void run() throws Exception;
    }

    private static String stdoutOf(Action action) throws Exception {
        return printed(false, action);
    }

    private static String printed(boolean stderr, Action action) throws Exception {
        java.io.PrintStream original = stderr ? System.err : System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            action.run();
        } finally {
            if (stderr) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** A job refused for too many rejections leaves its list where its message says, not in a hidden folder. */
    @Test
    void aRefusedJobListsItsRejectionsWhereItsMessageSays() throws Exception {
        Path in = tmp.resolve("in");
        SharedData.copyInto(SharedData.testSlice(1, 1), in);
        Path label = Files.list(in).findFirst().orElseThrow();
        Files.writeString(label.resolve("notes.jpg"), "<html>not a photo</html>");
        Files.writeString(label.resolve(".hidden"), "skipped, not rejected");
        Files.write(label.resolve("empty.jpg"), new byte[0]);
        Path out = tmp.resolve("out");
        String[] args = {"--input", in.toString(), "--output", out.toString(), "--model", SharedData.model().toString(),
            "--max-rejected-ratio", "0.5"};
        String err = printed(true, () -> assertEquals(1, ToolRunner.run(LocalJobConf.in(tmp), new FeaturizeJob(), args)));
        Path listed = out.resolve("rejected");
        assertTrue(err.contains("2 of 3 files (66.7%) were rejected") && err.contains("The list with reasons is in file:" + listed),
                err);
        assertEquals(Map.of(label.resolve("notes.jpg").toAbsolutePath().toString(), "NOT_AN_IMAGE",
                label.resolve("empty.jpg").toAbsolutePath().toString(), "EMPTY_FILE",
                label.resolve(".hidden").toAbsolutePath().toString(), "HIDDEN"),
                rejected(out).entrySet().stream().collect(Collectors.toMap(e -> e.getKey().substring("file:".length()),
                        Map.Entry::getValue)));
    }
}

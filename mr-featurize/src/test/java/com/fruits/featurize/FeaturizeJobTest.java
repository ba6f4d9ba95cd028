package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureRow;
import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The featurize job on the local job runner, end to end from JPEG bytes, against the reference vectors. */
@Tag("job")
class FeaturizeJobTest {

    @TempDir
    Path tmp;

    /** Both engines: the SavedModel on TensorFlow, and its variables converted to ONNX on ONNX Runtime. */
    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "onnxruntime"})
    void vectorsEqualTheKerasReferenceForEverySampleImage(String engine) throws Exception {
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet"));
        Path input = tmp.resolve("in");
        List<Path> images = new ArrayList<>();
        for (Group row : reference) {
            images.add(SharedData.testImages().resolve(row.getString("path", 0)));
        }
        SharedData.copyInto(images, input);
        // Two bad files: counted and listed, not fatal.
        Files.writeString(input.resolve("Apple Braeburn 1/notes.jpg"), "<html>not an image</html>");
        byte[] jpeg = Files.readAllBytes(images.get(0));
        Files.write(input.resolve("Apple Braeburn 1/truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        // Labels and names with spaces and non-ASCII letters survive paths, keys and labels.
        Files.createDirectories(input.resolve("Fraise été"));
        Files.copy(images.get(0), input.resolve("Fraise été/fraise été n°1.jpg"));
        // Hidden files and markers are not input: listed as skipped.
        Files.writeString(input.resolve("Apple Braeburn 1/.DS_Store"), "x");
        Files.writeString(input.resolve("_SUCCESS"), "");
        Path output = tmp.resolve("out");

        Configuration conf = LocalJobConf.in(tmp);
        int exit = ToolRunner.run(conf, new FeaturizeJob(), new String[] {
            "--input", input.toString(), "--output", output.toString(), "--model", SharedData.model().toString(),
            "--batch-size", "32", "--engine", engine});
        assertEquals(0, exit);
        assertTrue(Files.exists(output.resolve("features/_SUCCESS")));

        Map<String, FeatureRow> vectors = readVectors(output);
        assertEquals(reference.size() + 1, vectors.size());
        FeatureRow strawberry = vectors.get("Fraise été/fraise été n°1.jpg");
        assertEquals("Fraise été", strawberry.label());
        // The same bytes under another name give the same vector.
        assertTrue(java.util.Arrays.equals(vectors.get(reference.get(0).getString("path", 0)).features(),
                strawberry.features()));
        double worstCosine = 1;
        double worstAbs = 0;
        for (Group row : reference) {
            String relative = row.getString("path", 0);
            FeatureRow v = vectors.get(relative);
            assertEquals(row.getString("label", 0), v.label(), relative);
            double[] expected = ParquetGroups.list(row, "features");
            float[] actual = v.features();
            assertEquals(1280, actual.length);
            double dot = 0;
            double ne = 0;
            double na = 0;
            for (int i = 0; i < expected.length; i++) {
                dot += expected[i] * actual[i];
                ne += expected[i] * expected[i];
                na += (double) actual[i] * actual[i];
                worstAbs = Math.max(worstAbs, Math.abs(expected[i] - actual[i]));
            }
            worstCosine = Math.min(worstCosine, dot / Math.sqrt(ne * na));
        }
        System.out.printf("Feature parity (%s) on %d images: min cosine %.8f, max |diff| %.3g%n",
                engine, reference.size(), worstCosine, worstAbs);
        assertTrue(worstCosine >= 0.99999, "min cosine " + worstCosine);
        assertTrue(worstAbs <= 1e-3, "max abs difference " + worstAbs);

        List<String> rejected = readRejected(output);
        assertEquals(4, rejected.size(), rejected.toString());
        assertTrue(rejected.stream().anyMatch(l -> l.contains(".DS_Store\tHIDDEN")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(l -> l.contains("_SUCCESS\tMARKER")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(l -> l.contains("notes.jpg\tNOT_AN_IMAGE")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(l -> l.contains("truncated.jpg\tCORRUPT_IMAGE")), rejected.toString());
    }

    @Test
    void refusesToOverwriteAnExistingOutput() throws Exception {
        // A folder the suite did not write is refused, with or without --overwrite, and left as it was.
        Path output = Files.createDirectories(tmp.resolve("exists"));
        Files.writeString(output.resolve("notes.txt"), "mine");
        for (String[] extra : new String[][] {{}, {"--overwrite"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--input",
                    SharedData.testImages().toString(), "--output", output.toString(), "--model",
                    SharedData.model().toString()), java.util.Arrays.stream(extra)).toArray(String[]::new);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(com.fruits.common.UsageException.class,
                    () -> ToolRunner.run(new Configuration(), new FeaturizeJob(), args));
            assertTrue(e.getMessage().contains("did not write"), e.getMessage());
        }
        assertEquals("mine", Files.readString(output.resolve("notes.txt")));
    }

    /** A weight file the converter does not recognise: the run goes on with TensorFlow, and says so. */
    @Test
    void anUnrecognisedModelFallsBackToTensorFlow() throws Exception {
        Path input = tmp.resolve("in");
        SharedData.copyInto(SharedData.testSlice(2, 3), input);
        Path h5 = SharedData.kerasWeights();
        Path broken = tmp.resolve("broken.h5");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(h5), 4096));
        Path output = tmp.resolve("out");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, ToolRunner.run(LocalJobConf.in(tmp), new FeaturizeJob(), new String[] {"--input",
                input.toString(), "--output", output.toString(), "--model", SharedData.model().toString(),
                "--engine", "onnxruntime", "--keras-weights", broken.toString()}));
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("the converter does not recognise") && printed.contains("running it on TensorFlow instead"),
                printed);
        assertTrue(Files.readString(output.resolve("features/_lineage.properties")).contains("featurize.engine=tensorflow"));
        assertEquals(6, readVectors(output).size());
    }

    /** Vectors keyed by path relative to the input root ({@code Label/name.jpg}). */
    static Map<String, FeatureRow> readVectors(Path output) throws IOException {
        Map<String, FeatureRow> vectors = new HashMap<>();
        readAllVectors(output).forEach((key, value) -> {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(key);
            vectors.put(p.getParent().getName() + "/" + p.getName(), value);
        });
        return vectors;
    }

    /** Vectors keyed by the full path the job wrote, read from the Parquet of {@code output/features}. */
    static Map<String, FeatureRow> readAllVectors(Path output) throws IOException {
        Map<String, FeatureRow> vectors = new HashMap<>();
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path features = new org.apache.hadoop.fs.Path(output.resolve("features").toUri());
        for (org.apache.hadoop.fs.Path part : FeatureFiles.list(conf, features)) {
            FeatureFiles.read(conf, part, row -> assertNull(vectors.put(row.path(), row), "twice: " + row.path()));
        }
        return vectors;
    }

    static List<String> readRejected(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        Path dir = output.resolve("rejected");
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().startsWith("part-"))::iterator) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}

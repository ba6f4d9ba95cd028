package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.cli.ConsoleCapture;
import com.fruits.common.SharedData;
import com.fruits.pca.KeptScatter;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline --incremental} over a grown input: only new and changed images are featurized. */
@Tag("job")
class IncrementalPipelineTest {
    @TempDir
    Path tmp;

    @Test
    void featurizesOnlyNewAndChangedImagesThenRefitsAndProjectsEverything() throws Exception {
        Path images = tmp.resolve("images");
        Path run = tmp.resolve("run");
        String[] pipeline = twelvePhotos(images, run, "--refit-pca");
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline));
        Map<String, float[]> first = vectors(run);
        assertEquals(12, first.size());

        String changedKey = growAndChangeOne(images);

        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline));

        Map<String, float[]> second = vectors(run);
        assertEquals(15, second.size(), "12 old + 3 new, the changed one once");
        first.forEach((path, v) -> {
            if (!path.equals(changedKey)) {
                assertArrayEquals(v, second.get(path), "an old vector changed: " + path);
            }
        });
        assertFalse(java.util.Arrays.equals(first.get(changedKey), second.get(changedKey)), "the changed image kept its old vector");
        assertEquals(15, PcaModelFiles.read(new org.apache.hadoop.fs.Path(run.resolve("pca").toUri()), new Configuration()).n());
        assertEquals(15, projectedPaths(run).size());
        assertEquals(15, projectedPaths(run).stream().distinct().count());
        assertEquals(2, indexFiles(run), "one input index per featurize batch");

        // Nothing new: no featurize job, nothing rewritten.
        long fitted = Files.getLastModifiedTime(run.resolve("pca/" + PcaModelFiles.COMPONENTS)).toMillis();
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline));
        assertEquals(2, indexFiles(run));
        assertEquals(fitted, Files.getLastModifiedTime(run.resolve("pca/" + PcaModelFiles.COMPONENTS)).toMillis());
        assertTrue(Files.exists(run.resolve("report.html")));
    }

    @Test
    void byDefaultProjectsOnlyTheBatchWithTheRunsPcaAsTheProjectJobWould() throws Exception {
        Path images = tmp.resolve("images");
        Path run = tmp.resolve("run");
        String[] pipeline = twelvePhotos(images, run);
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline), "a first run fits its PCA as usual");
        Map<String, double[]> before = RunOutputs.projected(run.resolve("projected"));
        byte[] components = Files.readAllBytes(run.resolve("pca/" + PcaModelFiles.COMPONENTS));

        String changedKey = growAndChangeOne(images);
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline));

        assertArrayEquals(components, Files.readAllBytes(run.resolve("pca/" + PcaModelFiles.COMPONENTS)), "the PCA is kept");
        Map<String, double[]> after = RunOutputs.projected(run.resolve("projected")); // fails on a path written twice
        assertEquals(15, after.size(), "12 old + 3 new, the changed one once");
        before.forEach((path, v) -> {
            if (!path.equals(changedKey)) {
                assertArrayEquals(v, after.get(path), 0d, "an old projection changed: " + path);
            }
        });
        // Every row, old or new, is what the project job gives the run's vectors with that PCA.
        Path all = tmp.resolve("projected-again");
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"project", "--input", run.resolve("features")
                .toString(), "--pca", run.resolve("pca").toString(), "--output", all.toString()}));
        Map<String, double[]> expected = RunOutputs.projected(all);
        assertEquals(expected.keySet(), after.keySet());
        expected.forEach((path, v) -> assertArrayEquals(v, after.get(path), 0d, path));
    }

    @Test
    void refitReadsOnlyTheNewVectorsAndFitsWhatAFreshFitWould() throws Exception {
        Path images = tmp.resolve("images");
        Path run = tmp.resolve("run");
        String[] pipeline = twelvePhotos(images, run, "--refit-pca");
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline));
        assertTrue(Files.exists(run.resolve("features/" + KeptScatter.FILE)), "the statistics are kept beside the vectors");

        Path laterLabel = Files.createDirectories(images.resolve("Later photos"));
        for (Path photo : SharedData.slice(SharedData.trainingSample(), 1, 3)) {
            Files.copy(photo, laterLabel.resolve(photo.getFileName()));
        }
        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline)));
        assertTrue(out.contains("covariance: 3 vectors read, merged with the statistics kept of 12"), out);
        assertSameFit(run, "merged");

        // A replaced image removes its old vector from a covered file: the kept statistics are not used.
        growAndChangeOne(images);
        String err = ConsoleCapture.stderrOf(() -> assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), pipeline)));
        assertTrue(err.contains("reading every vector again"), err);
        assertSameFit(run, "read again");
    }

    /** The run's PCA against the covariance command's fresh fit of the run's vectors. */
    private void assertSameFit(Path run, String how) throws Exception {
        Path fresh = tmp.resolve("fresh-" + how.replace(' ', '-'));
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"covariance", "--input",
                run.resolve("features").toString(), "--output", fresh.toString(), "--k", "5"}));
        Configuration conf = new Configuration();
        PcaModel expected = PcaModelFiles.read(new org.apache.hadoop.fs.Path(fresh.toUri()), conf);
        PcaModel actual = PcaModelFiles.read(new org.apache.hadoop.fs.Path(run.resolve("pca").toUri()), conf);
        assertEquals(expected.n(), actual.n(), how);
        assertArrayEquals(expected.mean(), actual.mean(), 1e-9, how);
        for (int c = 0; c < expected.k(); c++) {
            assertEquals(expected.eigenvalues()[c], actual.eigenvalues()[c], 1e-9 * expected.eigenvalues()[0], how);
            double dot = 0;
            for (int j = 0; j < expected.dimensions(); j++) {
                dot += expected.components()[c][j] * actual.components()[c][j];
            }
            assertEquals(1, dot, 1e-9, how + ": component " + c);
        }
    }

    /** Copies twelve photos into {@code images}; returns the incremental pipeline's arguments, {@code more} last. */
    private static String[] twelvePhotos(Path images, Path run, String... more) throws Exception {
        SharedData.copyInto(SharedData.testSlice(3, 4), images);
        List<String> args = new java.util.ArrayList<>(List.of("pipeline", "--input", images.toString(), "--output",
                run.toString(), "--model", SharedData.model().toString(), "--k", "5", "--incremental"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The input grows by three photos, and one photo is replaced by another under the same name; returns its path. */
    private static String growAndChangeOne(Path images) throws Exception {
        Path newLabel = Files.createDirectories(images.resolve("New photos"));
        for (Path photo : SharedData.slice(SharedData.trainingSample(), 1, 3)) {
            Files.copy(photo, newLabel.resolve(photo.getFileName()));
        }
        Path original = SharedData.testSlice(3, 4).get(0);
        Path changed = images.resolve(original.getParent().getFileName().toString()).resolve(original.getFileName().toString());
        Files.write(changed, Files.readAllBytes(SharedData.slice(SharedData.trainingSample(), 2, 1).get(1)));
        Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        return new org.apache.hadoop.fs.Path(changed.toUri()).toString();
    }

    private static long indexFiles(Path run) throws Exception {
        try (Stream<Path> files = Files.list(run.resolve("features/_inputs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tsv")).count();
        }
    }

    private static Map<String, float[]> vectors(Path run) throws Exception {
        return RunOutputs.vectors(run.resolve("features"));
    }

    private static List<String> projectedPaths(Path run) throws Exception {
        return RunOutputs.projectedPaths(run.resolve("projected"));
    }
}

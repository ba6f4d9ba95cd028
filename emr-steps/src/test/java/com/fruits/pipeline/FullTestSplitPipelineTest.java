package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.evaluate.EvaluateTool;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole pipeline on all 22,688 Test images against the original's PCA of them, then the Training
 * sample projected with it and evaluated, once per inference engine (about 10 minutes on 2 cores, so
 * tagged {@code full} and left out of the default run):
 * {@code ./mvnw -B verify -pl emr-steps -am -Dsurefire.groups=full -Dsurefire.excludedGroups=none}.
 * Writes what it measured to {@code bench/results/pipeline.md}.
 */
@Tag("full")
class FullTestSplitPipelineTest {
    private static final Pattern TIMES = Pattern.compile(
            "time: featurize ([0-9.]+) s; covariance \\+ PCA ([0-9.]+) s .*; projection ([0-9.]+) s");
    private static final StringBuilder RESULTS = new StringBuilder();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"onnxruntime", "tensorflow"})
    void explainedVarianceAndAccuraciesEqualTheReference(String engine) throws Exception {
        Configuration conf = LocalJobConf.in(tmp);
        Path output = tmp.resolve("run");
        String printed = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline",
            "--input", SharedData.testImages().toString(), "--output", output.toString(),
            "--model", SharedData.model().toString(), "--engine", engine})));
        System.out.print(printed);

        PcaModel model = PcaModelFiles.read(new org.apache.hadoop.fs.Path(output.resolve("pca").toUri()), conf);
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("pca-components.parquet"));
        assertEquals(22_688, model.n());
        double worst = 0;
        for (Group row : reference.subList(0, 10)) {
            int c = row.getInteger("component", 0);
            worst = Math.max(worst, Math.abs(model.explainedVariance()[c] - row.getDouble("explained_variance", 0)));
        }
        System.out.printf("Full Test split, %s: max |explained variance - reference| over the first 10 components %.3g%n",
                engine, worst);
        assertTrue(worst <= 1e-3, "explained variance differs by " + worst);
        assertEquals(22_688, ProjectedParquet.check(new org.apache.hadoop.fs.Path(output.resolve("projected").toUri()),
                conf, 100));

        // The Training sample (other photos of the same fruits) projected with this PCA and classified
        // against the Test run gives the reference accuracies, to their four digits.
        Path applied = tmp.resolve("training-sample");
        assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline", "--input", SharedData.trainingSample().toString(),
            "--output", applied.toString(), "--model", SharedData.model().toString(), "--pca-from", output.toString(),
            "--engine", engine}));
        assertEquals(0, FruitsCli.run(conf, new String[] {"evaluate", "--train", output.toString(),
            "--test", applied.toString()}));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(applied.resolve(EvaluateTool.FILE).toFile());
        double nn = json.get("nearest_neighbour_cosine_accuracy").asDouble();
        double centroid = json.get("nearest_centroid_accuracy").asDouble();
        System.out.printf("Training-sample vs full Test run, %s: 1-NN cosine %.4f (reference 0.9265), "
                + "nearest centroid %.4f (reference 0.8569)%n", engine, nn, centroid);
        assertEquals("0.9265", String.format(Locale.ROOT, "%.4f", nn));
        assertEquals("0.8569", String.format(Locale.ROOT, "%.4f", centroid));

        Matcher times = TIMES.matcher(printed);
        assertTrue(times.find(), printed);
        double featurize = Double.parseDouble(times.group(1));
        double pca = Double.parseDouble(times.group(2));
        double projection = Double.parseDouble(times.group(3));
        double[] variance = model.explainedVariance();
        double all = 0;
        for (double v : variance) {
            all += v;
        }
        RESULTS.append(String.format(Locale.ROOT, "| %s | %.1f s (%.1f images/s) | %.1f s | %.1f s | %.1f%% | %.1e | "
                        + "%.2f%% %.2f%% %.2f%% | %.2f%% | %.4f | %.4f |%n", engine, featurize, 22_688 / featurize, pca,
                projection, 100 * (pca + projection) / featurize, worst, 100 * variance[0], 100 * variance[1],
                100 * variance[2], 100 * all, nn, centroid));
    }

    /** bench/results/pipeline.md: the figures of this run, written by the test, never by hand. */
    @AfterAll
    static void writeResults() throws Exception {
        if (RESULTS.isEmpty()) {
            return;
        }
        Path file = Path.of(System.getProperty("fruits.root"), "bench/results/pipeline.md");
        Files.writeString(file, String.format(Locale.ROOT, "# Pipeline on the full Test split (22,688 images)%n%n"
                + "Written by `FullTestSplitPipelineTest` on %s (%d cores, Java %s, local job runner, k = 100, batch 32):%n"
                + "`./mvnw -B verify -pl emr-steps -am -Dsurefire.groups=full -Dsurefire.excludedGroups=none`.%n%n"
                + "Per engine: `fruits pipeline` on all Test images, its explained variance against the reference "
                + "(`../shared/reference/pca-components.parquet`, first 10 components; required ≤ 1e-3), then the "
                + "1,048 Training-sample images projected with `--pca-from` and classified by `fruits evaluate` "
                + "against the Test run (reference: 1-NN cosine 0.9265, nearest centroid 0.8569).%n%n"
                + "| engine | featurize | covariance + PCA | projection | PCA + projection / featurize | "
                + "max explained-variance difference | first components | all 100 | 1-NN cosine | nearest centroid |%n"
                + "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|%n%s",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), RESULTS));
    }
}

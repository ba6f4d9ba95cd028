package com.fruits.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New photos projected with an earlier run's PCA, then evaluated against that run; lineage checks. */
@Tag("job")
class PcaFromAndEvaluateTest {

    @TempDir
    Path tmp;

    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    @Test
    void projectsNewPhotosWithTheFittedPcaAndMeasuresAccuracy() throws Exception {
        Path testImages = tmp.resolve("test-images");
        Path newPhotos = tmp.resolve("new-photos");
        SharedData.copyInto(SharedData.testSlice(30, 10), testImages);
        SharedData.copyInto(SharedData.slice(SharedData.trainingSample(), 30, 8), newPhotos);
        String model = SharedData.model().toString();
        Path fitted = tmp.resolve("fitted");
        Path applied = tmp.resolve("applied");
        assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", testImages.toString(),
            "--output", fitted.toString(), "--model", model, "--k", "40"}));
        assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", newPhotos.toString(),
            "--output", applied.toString(), "--model", model, "--pca-from", fitted.toString()}));
        assertFalse(Files.exists(applied.resolve("pca")), "--pca-from must not fit a PCA");

        Map<String, String> fittedMeta = metadata(fitted);
        Map<String, String> appliedMeta = metadata(applied);
        assertEquals(fittedMeta.get("fruits.pca.model.id"), appliedMeta.get("fruits.pca.model.id"));
        assertEquals(64, appliedMeta.get("fruits.model.fingerprint").length());
        assertEquals("40", appliedMeta.get("fruits.pca.k"));
        assertEquals("false", appliedMeta.get("fruits.pca.centered"));
        assertTrue(appliedMeta.containsKey("fruits.suite.version") && appliedMeta.containsKey("fruits.created"));

        assertEquals(0, FruitsCli.run(conf(), new String[] {"evaluate", "--train", fitted.toString(),
            "--test", applied.toString()}));
        JsonNode json = new ObjectMapper().readTree(applied.resolve(EvaluateTool.FILE).toFile());
        assertEquals(240, json.get("test_rows").asInt());
        assertEquals(300, json.get("train_rows").asInt());
        assertEquals(30, json.get("recall_by_label").size());
        double nn = json.get("nearest_neighbour_cosine_accuracy").asDouble();
        double centroid = json.get("nearest_centroid_accuracy").asDouble();
        System.out.printf("Training-sample slice vs Test slice: 1-NN %.4f, centroid %.4f%n", nn, centroid);
        // Other photos of the same fruits: far better than chance (1/30), as on the full data (0.93, 0.86).
        assertTrue(nn > 0.7 && centroid > 0.6, "accuracies " + nn + ", " + centroid);
    }

    @Test
    void refusesAPcaModelFromAnotherFeatureModel() throws Exception {
        Path images = tmp.resolve("images");
        SharedData.copyInto(SharedData.testSlice(10, 3), images);
        Path fitted = tmp.resolve("fitted");
        assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", images.toString(),
            "--output", fitted.toString(), "--model", SharedData.model().toString(), "--k", "5"}));
        // Another feature model: the same files plus one more, so another fingerprint.
        Path otherModel = tmp.resolve("other-model");
        try (Stream<Path> files = Files.walk(SharedData.model())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = otherModel.resolve(SharedData.model().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Files.createDirectories(otherModel.resolve("assets"));
        Files.writeString(otherModel.resolve("assets/vocabulary.txt"), "retrained");
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"pipeline",
            "--input", images.toString(), "--output", tmp.resolve("refused").toString(),
            "--model", otherModel.toString(), "--pca-from", fitted.toString()})));
        assertTrue(err.contains("fitted on vectors of another feature model"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(Files.exists(tmp.resolve("refused")));
    }

    /**
     * --decode fast vectors are not the exact ones, nor --orientation exif ones the stored ones: no PCA, batch or
     * evaluation mixes two readings.
     */
    @Test
    void refusesToMixDecodeModes() throws Exception {
        Path images = tmp.resolve("images");
        Path others = tmp.resolve("others");
        SharedData.copyInto(SharedData.testSlice(10, 3), images);
        SharedData.copyInto(SharedData.slice(SharedData.trainingSample(), 10, 3), others);
        String model = SharedData.model().toString();
        Path fast = tmp.resolve("fast");
        Path exact = tmp.resolve("exact");
        assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", images.toString(),
            "--output", fast.toString(), "--model", model, "--k", "5", "--decode", "fast"}));
        assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", others.toString(),
            "--output", exact.toString(), "--model", model, "--k", "5"}));
        assertEquals("fast", metadata(fast).get("fruits.decode"));
        assertEquals("exact", metadata(exact).get("fruits.decode"));

        String pcaFrom = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"pipeline",
            "--input", others.toString(), "--output", tmp.resolve("refused").toString(), "--model", model,
            "--pca-from", fast.toString()})));
        assertTrue(pcaFrom.contains("--decode exact") && pcaFrom.contains("--decode fast"), pcaFrom);
        assertEquals(1, pcaFrom.strip().lines().count(), pcaFrom);
        assertFalse(Files.exists(tmp.resolve("refused")));

        String batch = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"pipeline",
            "--input", others.toString(), "--output", fast.toString(), "--model", model, "--incremental"})));
        assertTrue(batch.contains("not comparable"), batch);
        String upright = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"pipeline",
            "--input", others.toString(), "--output", exact.toString(), "--model", model, "--incremental",
            "--orientation", "exif"})));
        assertTrue(upright.contains("--orientation exif") && upright.contains("--orientation ignore")
                && upright.contains("not comparable"), upright);

        String evaluate = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"evaluate",
            "--train", fast.toString(), "--test", exact.toString()})));
        assertTrue(evaluate.contains("--decode exact") && evaluate.contains("not comparable"), evaluate);
    }

    private Map<String, String> metadata(Path run) throws Exception {
        Path part;
        try (Stream<Path> parts = Files.list(run.resolve("projected"))) {
            part = parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(part.toUri()), conf()))) {
            return reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
    }
}

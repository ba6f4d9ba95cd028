package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline and the command line on the local job runner. */
@Tag("job")
class PipelineToolTest {

    @TempDir
    Path tmp;

    private Configuration localConf() {
        return LocalJobConf.in(tmp);
    }

    @Test
    void pipelineWritesOneParquetRowPerImage() throws Exception {
        Path input = tmp.resolve("in");
        SharedData.copyInto(SharedData.testSlice(40, 4), input);
        Path output = tmp.resolve("run");
        int exit = FruitsCli.run(localConf(), new String[] {"pipeline", "--input", input.toString(),
            "--output", output.toString(), "--model", SharedData.model().toString(), "--k", "20",
            "--split-size", "200000", "--reducers", "3"});
        assertEquals(0, exit);
        assertEquals(160, ProjectedParquet.check(new org.apache.hadoop.fs.Path(output.resolve("projected").toUri()),
                localConf(), 20));
        PcaModel model = PcaModelFiles.read(new org.apache.hadoop.fs.Path(output.resolve("pca").toUri()), localConf());
        assertEquals(160, model.n());
        assertEquals(20, model.k());
        // Several map tasks and three reducers (row blocks) give the PCA of all vectors in one pass.
        com.fruits.pca.CovarianceAccumulator direct = new com.fruits.pca.CovarianceAccumulator(1280);
        RunOutputs.vectors(output.resolve("features")).values().forEach(direct::add);
        com.fruits.pca.CovariancePartial all = direct.result();
        double[][] scatter = new double[1280][1280];
        for (int i = 0; i < 1280; i++) {
            System.arraycopy(all.scatter(), i * 1280, scatter[i], 0, 1280);
        }
        PcaModel expected = PcaModel.fit(all.n(), all.mean(), scatter, 20);
        for (int c = 0; c < model.k(); c++) {
            assertEquals(expected.eigenvalues()[c], model.eigenvalues()[c], 1e-9 * expected.eigenvalues()[0]);
            if (c > 0) {
                assertTrue(model.eigenvalues()[c] <= model.eigenvalues()[c - 1], "eigenvalues not descending");
            }
        }
        // The readable table beside the model, the model's Parquet folder holding Parquet and Spark's layout only.
        assertEquals(21, Files.readAllLines(output.resolve("explained-variance.tsv")).size());
        try (java.util.stream.Stream<Path> pca = Files.list(output.resolve("pca"))) {
            assertEquals(List.of("components.parquet", "spark", "stats.parquet"), pca.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList());
        }
        assertTrue(Files.readString(output.resolve("pca/spark/metadata/part-00000")).contains("\"k\":20"));

        // The report: one self-contained page with this run's figures.
        org.jsoup.nodes.Document report = org.jsoup.Jsoup.parse(output.resolve("report.html").toFile(), "UTF-8");
        assertEquals("Fruits run report", report.title());
        assertTrue(report.select("script[src]").isEmpty(), "the report must not load anything from the network");
        assertTrue(report.select("script").get(0).data().contains("Chart.js v4.4.1"), "Chart.js is not inlined");
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(report.getElementById("run-data").data());
        assertEquals("160", data.get("summary").get(1).get(1).asText());
        assertEquals(20, data.get("explained").size());
        assertEquals(model.explainedVariance()[0], data.get("explained").get(0).asDouble(), 1e-15);
        assertEquals(160, data.get("points").size());
        assertEquals(3, data.get("stages").size());
        assertNotNull(report.getElementById("scree"));
        assertNotNull(report.getElementById("scatter"));
        // Only the model is kept of the covariance job's output.
        assertTrue(Files.notExists(output.resolve("pca/_scatter")));

        // A second run into the same folder stops with a sentence, unless --overwrite is given.
        String[] again = {"pipeline", "--input", input.toString(), "--output", output.toString(),
            "--model", SharedData.model().toString()};
        String err = stderrOf(() -> assertEquals(FruitsCli.USAGE_ERROR, FruitsCli.run(localConf(), again)));
        assertTrue(err.contains("already exists") && err.contains("--overwrite"), err);
    }

    @Test
    void userMistakesEndWithOneSentenceAndExitCodeTwo() throws Exception {
        String model = SharedData.model().toString();
        String unknownFlag = stderrOf(() -> assertEquals(2, FruitsCli.run(localConf(),
                new String[] {"featurize", "--inptu", "x"})));
        assertTrue(unknownFlag.startsWith("fruits featurize: '--inptu' is not an option"), unknownFlag);
        String missingInput = stderrOf(() -> assertEquals(2, FruitsCli.run(localConf(), new String[] {"pipeline",
            "--input", tmp.resolve("nowhere").toString(), "--output", tmp.resolve("o").toString(), "--model", model})));
        assertTrue(missingInput.contains("does not exist"), missingInput);
        assertEquals(1, missingInput.strip().lines().count(), missingInput);
        String missingModel = stderrOf(() -> assertEquals(2, FruitsCli.run(localConf(), new String[] {"featurize",
            "--input", SharedData.testImages().toString(), "--output", tmp.resolve("o2").toString(),
            "--model", tmp.resolve("no-model").toString()})));
        assertTrue(missingModel.contains("model") && missingModel.contains("README"), missingModel);
        String badNumber = stderrOf(() -> assertEquals(2, FruitsCli.run(localConf(),
                new String[] {"pipeline", "--batch-size", "many"})));
        assertTrue(badNumber.contains("--batch-size needs a whole number from 1 to 4096, not 'many'"), badNumber);
        String unknownCommand = stderrOf(() -> assertEquals(2, FruitsCli.run(localConf(), new String[] {"fly"})));
        assertTrue(unknownCommand.contains("'fly' is not a command"), unknownCommand);
    }

    static String stderrOf(ConsoleCapture.Action action) throws Exception {
        return ConsoleCapture.stderrOf(action);
    }
}

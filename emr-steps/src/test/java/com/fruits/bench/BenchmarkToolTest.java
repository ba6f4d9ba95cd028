package com.fruits.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fruits bench} end to end on a few images: the ceiling processes it starts, the featurize job and
 * the PCA stages all run, and the tables hold what they measured. Speeds are not asserted (see bench/).
 */
@Tag("job")
class BenchmarkToolTest {
    @TempDir
    Path tmp;

    @Test
    void measuresTheCeilingAndTheJobOfAnEngineAndWritesItsTables() throws Exception {
        Configuration conf = LocalJobConf.in(tmp);
        Path results = tmp.resolve("results");
        String printed = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf, new String[] {"bench",
                "--input", SharedData.testImages().toString(), "--model", SharedData.model().toString(),
                "--sizes", "64", "--engines", "onnxruntime", "--tuning-images", "0", "--results", results.toString()})));

        List<String> csv = Files.readAllLines(results.resolve(BenchmarkReport.CSV));
        assertEquals(2, csv.size(), String.join("\n", csv));
        String[] header = csv.get(0).split(",");
        String[] row = csv.get(1).split(",");
        assertEquals("64", row[0]);
        assertEquals("onnxruntime", row[1]);
        for (String measured : List.of("ceiling_images_per_s", "featurize_images_per_s", "ratio_to_own_ceiling",
                "covariance_s", "projection_s")) {
            double value = Double.parseDouble(row[List.of(header).indexOf(measured)]);
            assertTrue(value > 0, measured + " = " + value);
        }
        assertTrue(Files.size(results.resolve(BenchmarkReport.CHART)) > 0);
        assertTrue(Files.readString(results.resolve(BenchmarkReport.MARKDOWN)).contains("| 64 | onnxruntime |"), printed);
    }
}

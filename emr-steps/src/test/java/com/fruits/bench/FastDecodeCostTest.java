package com.fruits.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --decode fast} costs (issue 22): 2 MP photos made from the Training sample (references) and
 * from two Test tiles per label (held out), each set run through the pipeline in both modes; prints the
 * held-out 1-NN accuracy of each mode and the cosine of each fast vector to its exact one. A benchmark-sized
 * check (about 10 minutes on 2 cores), tagged "full":
 * {@code ./mvnw -B verify -pl emr-steps -am -Dsurefire.groups=full -Dsurefire.excludedGroups=none -Dtest=FastDecodeCostTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("full")
class FastDecodeCostTest {

    @TempDir
    Path tmp;

    @Test
    void fastDecodeKeepsHeldOutAccuracy() throws Exception {
        Path train = tmp.resolve("train-photos");
        Path test = tmp.resolve("test-photos");
        assertEquals(0, FruitsCli.run(conf(), new String[] {"photos", "--input", SharedData.trainingSample().toString(),
            "--output", train.toString(), "--limit", "100000", "--size", "1600x1200"}));
        assertEquals(0, FruitsCli.run(conf(), new String[] {"photos", "--input", SharedData.testImages().toString(),
            "--output", test.toString(), "--limit", "262", "--size", "1600x1200"}));
        String model = SharedData.model().toString();
        Map<String, Double> accuracy = new HashMap<>();
        for (String mode : new String[] {"exact", "fast"}) {
            Path references = tmp.resolve("train-" + mode);
            Path heldOut = tmp.resolve("test-" + mode);
            assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", train.toString(), "--output",
                references.toString(), "--model", model, "--decode", mode}));
            assertEquals(0, FruitsCli.run(conf(), new String[] {"pipeline", "--input", test.toString(), "--output",
                heldOut.toString(), "--model", model, "--decode", mode, "--pca-from", references.toString()}));
            assertEquals(0, FruitsCli.run(conf(), new String[] {"evaluate", "--train", references.toString(),
                "--test", heldOut.toString()}));
            accuracy.put(mode, new ObjectMapper().readTree(heldOut.resolve("evaluation.json").toFile())
                    .get("nearest_neighbour_cosine_accuracy").asDouble());
        }
        Map<String, double[]> exact = vectors(tmp.resolve("test-exact"));
        Map<String, double[]> fast = vectors(tmp.resolve("test-fast"));
        assertEquals(exact.keySet(), fast.keySet());
        double sum = 0;
        double min = 1;
        for (Map.Entry<String, double[]> e : exact.entrySet()) {
            double c = cosine(e.getValue(), fast.get(e.getKey()));
            sum += c;
            min = Math.min(min, c);
        }
        double mean = sum / exact.size();
        System.out.printf(java.util.Locale.ROOT, "fast decode on %d held-out 2 MP photos: 1-NN accuracy %.4f (exact %.4f); "
                + "cosine to the exact 1280-d vectors: mean %.4f, min %.4f%n", exact.size(), accuracy.get("fast"),
                accuracy.get("exact"), mean, min);
        assertTrue(accuracy.get("fast") >= accuracy.get("exact") - 0.05, accuracy.toString());
        assertTrue(mean > 0.9, "mean cosine " + mean);
    }

    /** A fresh configuration per command: a command's options stay in the one it is given. */
    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    private static Map<String, double[]> vectors(Path run) throws Exception {
        Map<String, double[]> vectors = new HashMap<>();
        try (Stream<Path> parts = Files.list(run.resolve("features"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (Group row : ParquetGroups.read(part)) {
                    vectors.put(row.getString("path", 0).replaceAll(".*/test-photos/", ""), ParquetGroups.list(row, "features"));
                }
            }
        }
        return vectors;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }
}

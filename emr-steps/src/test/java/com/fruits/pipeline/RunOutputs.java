package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureRow;
import com.fruits.common.ParquetGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;

/** Reads a local run's outputs back, row by row, failing on any path written twice. */
public final class RunOutputs {
    private RunOutputs() {
    }

    /** Path to 1280-d vector, from every Parquet vector file of a features folder. */
    public static Map<String, float[]> vectors(Path features) throws IOException {
        return read(features, FeatureRow::features);
    }

    /** Path to label, from every Parquet vector file of a features folder. */
    public static Map<String, String> labels(Path features) throws IOException {
        return read(features, FeatureRow::label);
    }

    private static <T> Map<String, T> read(Path features, java.util.function.Function<FeatureRow, T> field)
            throws IOException {
        Map<String, T> rows = new TreeMap<>();
        Configuration conf = new Configuration();
        for (org.apache.hadoop.fs.Path part : FeatureFiles.list(conf, new org.apache.hadoop.fs.Path(features.toUri()))) {
            FeatureFiles.read(conf, part, row -> assertNull(rows.put(row.path(), field.apply(row)), "written twice: " + row.path()));
        }
        return rows;
    }

    /** Lines of the {@code rejected/part-*} beside a features folder: path, reason, bytes, detail. */
    public static List<String> rejected(Path features) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : parts(features.resolveSibling("rejected"), "part-")) {
            lines.addAll(Files.readAllLines(part));
        }
        return lines;
    }

    /** The {@code path} column of every projected Parquet file, in file order. */
    public static List<String> projectedPaths(Path projected) throws IOException {
        List<String> paths = new ArrayList<>();
        for (Path part : parts(projected, "part-")) {
            for (Group row : ParquetGroups.read(part)) {
                paths.add(row.getString("path", 0));
            }
        }
        return paths;
    }

    /** Path to k-d projection, from every projected Parquet file. */
    public static Map<String, double[]> projected(Path projected) throws IOException {
        Map<String, double[]> rows = new TreeMap<>();
        for (Path part : parts(projected, "part-")) {
            for (Group row : ParquetGroups.read(part)) {
                assertNull(rows.put(row.getString("path", 0), ParquetGroups.list(row, "pca_features")), "written twice");
            }
        }
        return rows;
    }

    private static List<Path> parts(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && !f.toString().endsWith(".crc"))
                    .sorted().toList();
        }
    }
}

package com.fruits.emr;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.fruits.common.FeatureVectorWritable;
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
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.parquet.example.data.Group;

/** Reads a local run's outputs back, row by row, failing on any path written twice. */
public final class RunOutputs {
    private RunOutputs() {
    }

    /** Path to 1280-d vector, from every {@code part-*} SequenceFile of a features folder. */
    public static Map<String, float[]> vectors(Path features) throws IOException {
        return read(features, value -> value.features().clone());
    }

    /** Path to label, from every {@code part-*} SequenceFile of a features folder. */
    public static Map<String, String> labels(Path features) throws IOException {
        return read(features, FeatureVectorWritable::label);
    }

    private static <T> Map<String, T> read(Path features, java.util.function.Function<FeatureVectorWritable, T> field)
            throws IOException {
        Map<String, T> rows = new TreeMap<>();
        for (Path part : parts(features, "part-")) {
            try (SequenceFile.Reader in = new SequenceFile.Reader(new Configuration(),
                    SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(part.toUri())))) {
                Text key = new Text();
                FeatureVectorWritable value = new FeatureVectorWritable();
                while (in.next(key, value)) {
                    assertNull(rows.put(key.toString(), field.apply(value)), "written twice: " + key);
                }
            }
        }
        return rows;
    }

    /** Lines of {@code features/rejected/part-*}: path, reason, bytes, detail. */
    public static List<String> rejected(Path features) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : parts(features.resolve("rejected"), "part-")) {
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

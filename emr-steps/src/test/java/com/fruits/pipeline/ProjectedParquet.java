package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.ParquetGroups;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;

/** Checks a pipeline's projected Parquet: one row per image, unique paths, k values, labels = folders. */
final class ProjectedParquet {
    private ProjectedParquet() {
    }

    /** Returns the number of rows after checking every one of them. */
    static int check(Path projected, Configuration conf, int k) throws IOException {
        FileSystem fs = projected.getFileSystem(conf);
        assertTrue(fs.exists(new Path(projected, "_SUCCESS")), "no _SUCCESS in " + projected);
        FileStatus[] parts = fs.globStatus(new Path(projected, "part-*.parquet"));
        assertTrue(parts.length > 0, "no Parquet part in " + projected);
        Set<String> paths = new HashSet<>();
        int rows = 0;
        for (FileStatus part : parts) {
            List<Group> groups = ParquetGroups.read(part.getPath(), conf);
            // Proportionality: path, label and the vector, nothing else unless --subject-column asks.
            assertEquals(3, groups.isEmpty() ? 3 : groups.get(0).getType().getFieldCount(), part.getPath().toString());
            for (Group row : groups) {
                String path = row.getString("path", 0);
                assertTrue(paths.add(path), "duplicate path " + path);
                assertEquals(new Path(path).getParent().getName(), row.getString("label", 0), path);
                double[] values = ParquetGroups.list(row, "pca_features");
                assertEquals(k, values.length, path);
                for (double v : values) {
                    assertTrue(Double.isFinite(v), path);
                }
                rows++;
            }
        }
        return rows;
    }
}

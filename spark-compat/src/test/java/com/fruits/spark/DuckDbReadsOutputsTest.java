package com.fruits.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fruits.common.FeatureRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB (its JDBC driver, in-process) reads the vectors and the PCA tables as the suite writes them. */
class DuckDbReadsOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void readsVectorsAndModelTables() throws Exception {
        SuiteRun run = SuiteRun.write(tmp.resolve("run"), 10);
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            try (ResultSet r = sql.executeQuery("select count(*), min(len(features)), max(len(features)), "
                    + "count(distinct label) from read_parquet('" + tmp.resolve("run/features/*.parquet") + "')")) {
                r.next();
                assertEquals(run.rows().size(), r.getLong(1));
                assertEquals(FeatureRow.DIMENSIONS, r.getInt(2));
                assertEquals(FeatureRow.DIMENSIONS, r.getInt(3));
                assertEquals(run.rows().stream().map(FeatureRow::label).distinct().count(), r.getLong(4));
            }
            FeatureRow first = run.rows().get(0);
            try (ResultSet r = sql.executeQuery("select features[1], features[1280] from read_parquet('"
                    + tmp.resolve("run/features/*.parquet") + "') where path = '" + first.path().replace("'", "''") + "'")) {
                r.next();
                assertEquals(first.features()[0], r.getFloat(1));
                assertEquals(first.features()[1279], r.getFloat(2));
            }
            try (ResultSet r = sql.executeQuery("select count(*), min(len(vector)), sum(explained_variance) from '"
                    + tmp.resolve("run/pca/components.parquet") + "'")) {
                r.next();
                assertEquals(10, r.getLong(1));
                assertEquals(FeatureRow.DIMENSIONS, r.getInt(2));
                double explained = 0;
                for (double v : run.model().explainedVariance()) {
                    explained += v;
                }
                assertEquals(explained, r.getDouble(3), 1e-12);
            }
        }
    }
}

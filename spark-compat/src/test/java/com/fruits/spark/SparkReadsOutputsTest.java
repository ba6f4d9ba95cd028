package com.fruits.spark;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fruits.common.FeatureRow;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import com.fruits.pca.Projection;
import com.fruits.pca.SparkPcaModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.PCAModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark 3.5 ({@code local[1]}) reads what the suite writes, with no jar of ours on its side:
 * the 987 reference vectors written as the featurize job writes them, the PCA fitted and written as
 * the covariance job does. Spark's {@code PCAModel.load} gets the same components and explained
 * variance, and its {@code transform} the suite's projections.
 */
class SparkReadsOutputsTest {
    private static final int K = 100;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    private static PcaModel model;
    private static List<FeatureRow> rows;

    @BeforeAll
    static void writeRunAndStartSpark() throws Exception {
        SuiteRun run = SuiteRun.write(tmp.resolve("run"), K);
        rows = run.rows();
        model = run.model();

        spark = SparkSession.builder().master("local[1]").appName("fruits-spark-compat")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void readsTheVectorsAsTheyAre() {
        Dataset<Row> features = spark.read().parquet(tmp.resolve("run/features").toString());
        assertEquals(List.of("path", "label", "features"), List.of(features.columns()));
        assertEquals(DataTypes.FloatType, ((ArrayType) features.schema().apply("features").dataType()).elementType());
        List<Row> collected = features.orderBy("path").collectAsList();
        assertEquals(rows.size(), collected.size());
        Row first = collected.get(0);
        FeatureRow expected = rows.stream().filter(r -> r.path().equals(first.getString(0))).findFirst().orElseThrow();
        assertEquals(expected.label(), first.getString(1));
        List<Float> values = first.getList(2);
        assertEquals(FeatureRow.DIMENSIONS, values.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(expected.features()[i], values.get(i));
        }
        // Distinct rows, not one reused array (the trap of Hadoop Writables read through Spark).
        assertEquals(rows.size(), features.select("features").distinct().count());
    }

    @Test
    void loadsThePcaModelWithItsOwnApi() {
        PCAModel loaded = PCAModel.load(tmp.resolve("run/pca/" + SparkPcaModelFiles.DIR).toString());
        assertEquals(K, loaded.getK());
        assertEquals("features", loaded.getInputCol());
        assertEquals("pca_features", loaded.getOutputCol());
        DenseMatrix pc = loaded.pc();
        assertEquals(FeatureRow.DIMENSIONS, pc.numRows());
        assertEquals(K, pc.numCols());
        for (int c = 0; c < K; c++) {
            assertEquals(model.explainedVariance()[c], loaded.explainedVariance().apply(c), 0.0);
            for (int j = 0; j < FeatureRow.DIMENSIONS; j += 97) {
                assertEquals(model.components()[c][j], pc.apply(j, c), 0.0);
            }
        }

        // Its transform gives the suite's projections (uncentered, as Spark's and the original's).
        Dataset<Row> vectors = spark.read().parquet(tmp.resolve("run/features").toString())
                .withColumn("features", array_to_vector(col("features")));
        List<Row> projected = loaded.transform(vectors).select("path", "pca_features").collectAsList();
        assertEquals(rows.size(), projected.size());
        Map<String, FeatureRow> byPath = new java.util.HashMap<>();
        rows.forEach(r -> byPath.put(r.path(), r));
        Projection projection = new Projection(model, false);
        for (Row row : projected) {
            double[] ours = projection.project(byPath.get(row.getString(0)).features());
            Vector theirs = row.getAs(1);
            for (int c = 0; c < K; c++) {
                assertEquals(ours[c], theirs.apply(c), 1e-9 * (1 + Math.abs(ours[c])), row.getString(0) + " component " + c);
            }
        }

    }

    @Test
    void readsTheModelTablesAsParquet() {
        Dataset<Row> components = spark.read().parquet(tmp.resolve("run/pca/" + PcaModelFiles.COMPONENTS).toString());
        assertEquals(K, components.count());
        assertEquals(List.of("component", "eigenvalue", "explained_variance", "vector"), List.of(components.columns()));
    }
}

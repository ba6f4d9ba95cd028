package com.fruits.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The linear algebra on the reference sample vectors, against the original's (Spark ML) PCA of them. */
@Tag("unit")
class PcaModelTest {

    @Test
    void sampleAccumulatedInThreePartsGivesTheReferencePca() throws Exception {
        List<Group> sample = ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet"));
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("sample-pca-components.parquet"));
        Group stats = ParquetGroups.read(SharedData.reference().resolve("sample-pca-stats.parquet")).get(0);

        // Three map tasks' worth of vectors, merged the way the reducers merge them.
        CovarianceAccumulator[] parts = {new CovarianceAccumulator(1280), new CovarianceAccumulator(1280),
            new CovarianceAccumulator(1280)};
        for (int i = 0; i < sample.size(); i++) {
            parts[i % 3].add(toFloats(ParquetGroups.list(sample.get(i), "features")));
        }
        CovariancePartial merged = new CovariancePartial();
        for (CovarianceAccumulator part : parts) {
            merged.merge(part.result());
        }
        PcaModel model = PcaModel.fit(merged, 100);

        assertEquals(stats.getLong("n", 0), model.n());
        assertEquals(stats.getDouble("total_variance", 0), model.totalVariance(), 1e-9 * model.totalVariance());
        double worstEigen = 0;
        double worstCosine = 1;
        for (Group row : reference) {
            int c = row.getInteger("component", 0);
            double expected = row.getDouble("eigenvalue", 0);
            worstEigen = Math.max(worstEigen, Math.abs(model.eigenvalues()[c] - expected) / expected);
            assertEquals(row.getDouble("explained_variance", 0), model.explainedVariance()[c], 1e-9);
            double[] v = ParquetGroups.list(row, "vector");
            double dot = 0;
            for (int j = 0; j < v.length; j++) {
                dot += v[j] * model.components()[c][j];
            }
            worstCosine = Math.min(worstCosine, Math.abs(dot));
        }
        System.out.printf("Sample PCA: max relative eigenvalue error %.3g, min |cosine| %.12f%n", worstEigen, worstCosine);
        assertTrue(worstEigen <= 1e-6, "eigenvalue error " + worstEigen);
        assertTrue(worstCosine >= 0.99999, "component cosine " + worstCosine);

        Map<String, double[]> projected = new HashMap<>();
        for (Group row : ParquetGroups.read(SharedData.reference().resolve("sample-pca-projected.parquet"))) {
            projected.put(row.getString("path", 0), ParquetGroups.list(row, "pca_features"));
        }
        double worstProjection = 0;
        Projection projection = new Projection(model, false);
        for (Group row : sample) {
            double[] out = projection.project(toFloats(ParquetGroups.list(row, "features")));
            double[] expected = projected.get(row.getString("path", 0));
            for (int c = 0; c < 100; c++) {
                // Relative to the row's scale: tiny coordinates have no meaningful relative error.
                worstProjection = Math.max(worstProjection, Math.abs(out[c] - expected[c]) / Math.abs(expected[0]));
            }
        }
        System.out.printf("Sample projection: max relative error %.3g%n", worstProjection);
        assertTrue(worstProjection <= 1e-6, "projection error " + worstProjection);
    }

    @Test
    void mergedPartialsEqualOnePassAndTheTextbookCovariance() {
        Random random = new Random(7);
        int d = 5;
        float[][] x = new float[300][d];
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                v[j] = (float) (1000 + random.nextGaussian() * (j + 1));
            }
        }
        CovarianceAccumulator all = new CovarianceAccumulator(d);
        CovarianceAccumulator a = new CovarianceAccumulator(d);
        CovarianceAccumulator b = new CovarianceAccumulator(d);
        for (int i = 0; i < x.length; i++) {
            all.add(x[i]);
            (i < 100 ? a : b).add(x[i]);
        }
        CovariancePartial merged = a.result();
        merged.merge(b.result());
        CovariancePartial one = all.result();
        double[] mean = new double[d];
        for (float[] v : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / (double) x.length;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (float[] v : x) {
                    s += (v[i] - mean[i]) * (v[j] - mean[j]);
                }
                assertEquals(s, one.scatter()[i * d + j], 1e-9 * Math.abs(s) + 1e-6);
                assertEquals(s, merged.scatter()[i * d + j], 1e-9 * Math.abs(s) + 1e-6);
            }
        }
        // Row blocks merge the same way as whole matrices.
        CovariancePartial block = a.result().rowBlock(2, 2);
        block.merge(b.result().rowBlock(2, 2));
        for (int j = 0; j < d; j++) {
            assertEquals(merged.scatter()[2 * d + j], block.scatter()[j], 1e-9);
        }
    }

    @Test
    void projectionIsExactlyOneDotProductPerComponent() {
        java.util.Random random = new java.util.Random(7);
        int d = 1280;
        int k = 100;
        double[] mean = random.doubles(d).toArray();
        double[][] components = new double[k][];
        for (int c = 0; c < k; c++) {
            components[c] = random.doubles(d, -1, 1).toArray();
        }
        PcaModel model = new PcaModel(10, mean, 1, new double[k], new double[k], components);
        float[] x = new float[d];
        for (int j = 0; j < d; j++) {
            x[j] = (float) random.nextGaussian();
        }
        for (boolean center : new boolean[] {false, true}) {
            double[] expected = new double[k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    expected[c] += components[c][j] * (center ? x[j] - mean[j] : x[j]);
                }
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, new Projection(model, center).project(x), 0.0);
        }
    }

    @Test
    void centeredProjectionSubtractsTheMean() {
        PcaModel model = new PcaModel(2, new double[] {1, 2}, 1, new double[] {1}, new double[] {1},
                new double[][] {{0.6, 0.8}});
        assertEquals(0.6 + 1.6, new Projection(model, false).project(new float[] {1, 2})[0], 1e-12);
        assertEquals(0, new Projection(model, true).project(new float[] {1, 2})[0], 1e-12);
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}

package com.fruits.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LabelEvaluationTest {

    @Test
    void classifiesByCosineNeighbourAndByEuclideanCentroid() {
        LabelEvaluation.Vectors train = new LabelEvaluation.Vectors(new String[] {"apple", "apple", "kiwi"},
                new double[][] {{10, 0}, {9, 1}, {0, 1}});
        // (8, 0.4): apple both ways. (0.2, 2): kiwi both ways. (3, 3), a kiwi: its nearest by cosine is
        // apple's (9, 1) (0.78 against 0.71), but kiwi's centroid (0, 1) is nearer (3.6) than apple's (7.0).
        LabelEvaluation.Vectors test = new LabelEvaluation.Vectors(new String[] {"apple", "kiwi", "kiwi"},
                new double[][] {{8, 0.4}, {0.2, 2}, {3, 3}});
        assertArrayEquals(new int[] {0, 2, 1}, LabelEvaluation.nearestNeighbours(train.rows(), test.rows()));

        LabelEvaluation.Result result = LabelEvaluation.evaluate(train, test);
        assertEquals(2.0 / 3, result.nearestNeighbourAccuracy(), 1e-12);
        assertEquals(1.0, result.centroidAccuracy(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1.0, 2}, result.recallByLabel().get("kiwi"), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0, 1}, result.recallByLabel().get("apple"), 1e-12);
        assertEquals(List.of(new LabelEvaluation.Confusion("kiwi", "apple", 1)), result.mostConfused());
    }

    @Test
    void blocksGiveTheSameNeighboursAsOneByOne() {
        java.util.Random random = new java.util.Random(3);
        double[][] train = new double[500][7];
        double[][] test = new double[200][7];
        for (double[][] m : new double[][][] {train, test}) {
            for (double[] row : m) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = random.nextGaussian();
                }
            }
        }
        int[] blocked = LabelEvaluation.nearestNeighbours(train, test);
        for (int i = 0; i < test.length; i++) {
            int best = 0;
            double bestCos = -2;
            for (int j = 0; j < train.length; j++) {
                double dot = 0;
                double nq = 0;
                double nt = 0;
                for (int c = 0; c < 7; c++) {
                    dot += test[i][c] * train[j][c];
                    nq += test[i][c] * test[i][c];
                    nt += train[j][c] * train[j][c];
                }
                double cos = dot / Math.sqrt(nq * nt);
                if (cos > bestCos) {
                    bestCos = cos;
                    best = j;
                }
            }
            assertEquals(best, blocked[i], "test row " + i);
        }
    }
}

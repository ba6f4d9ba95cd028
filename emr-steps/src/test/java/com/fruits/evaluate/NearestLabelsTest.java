package com.fruits.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class NearestLabelsTest {

    @Test
    void ranksLabelsByTheirBestReference() {
        NearestLabels nearest = new NearestLabels(new LabelEvaluation.Vectors(new String[] {"apple", "kiwi", "apple", "pear"},
                new double[][] {{1, 0}, {1, 1}, {0.9, 0.1}, {0, 1}}));
        List<NearestLabels.Match> ranked = nearest.nearest(new double[] {2, 0.1}, 5);
        assertEquals(List.of("apple", "kiwi", "pear"), ranked.stream().map(NearestLabels.Match::label).toList(),
                "one entry per label, best first");
        assertEquals(0.99875, ranked.get(0).cosine(), 1e-5);
        assertEquals(2, nearest.nearest(new double[] {2, 0.1}, 2).size());
    }

    @Test
    void firstLabelIsEvaluatesNearestNeighbourTiesIncluded() {
        Random random = new Random(11);
        String[] labels = new String[300];
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = "label-" + random.nextInt(20);
            // Coarse integer vectors: many exact ties of cosine between references.
            rows[i] = new double[] {random.nextInt(3), random.nextInt(3), random.nextInt(3)};
        }
        rows[0] = new double[] {0, 0, 0};
        double[][] queries = new double[200][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = new double[] {random.nextInt(3) + 1, random.nextInt(3), random.nextInt(3)};
        }
        int[] neighbours = LabelEvaluation.nearestNeighbours(rows, queries);
        NearestLabels nearest = new NearestLabels(new LabelEvaluation.Vectors(labels, rows));
        for (int q = 0; q < queries.length; q++) {
            assertEquals(labels[neighbours[q]], nearest.nearest(queries[q], 3).get(0).label(), "query " + q);
        }
    }
}

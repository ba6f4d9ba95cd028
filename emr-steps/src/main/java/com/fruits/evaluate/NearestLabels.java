package com.fruits.evaluate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels nearest to one vector among labelled reference vectors, by cosine, ranked as
 * {@code evaluate} ranks them: a label scores its best reference, and the first label is the one
 * {@code evaluate}'s 1-nearest-neighbour gives (the first reference on ties). Immutable, thread-safe.
 */
public final class NearestLabels {
    /** A label and the cosine of its nearest reference vector. */
    public record Match(String label, double cosine) {
    }

    private final String[] labels;
    private final double[][] unit;

    public NearestLabels(LabelEvaluation.Vectors references) {
        this.labels = references.labels().clone();
        this.unit = normalized(references.rows());
    }

    public int size() {
        return labels.length;
    }

    /** The {@code top} best-scoring labels, best first. */
    public List<Match> nearest(double[] vector, int top) {
        double[] q = normalized(new double[][] {vector})[0];
        Map<String, Integer> best = new HashMap<>(); // label -> index of its best reference
        double[] score = new double[unit.length];
        for (int j = 0; j < unit.length; j++) {
            score[j] = dot(q, unit[j]);
            Integer seen = best.get(labels[j]);
            if (seen == null || score[j] > score[seen]) {
                best.put(labels[j], j);
            }
        }
        // Equal scores: the earlier reference first, as evaluate's strict '>' keeps the first one.
        return best.values().stream()
                .sorted(Comparator.comparingDouble((Integer j) -> -score[j]).thenComparingInt(j -> j))
                .limit(top)
                .map(j -> new Match(labels[j], score[j]))
                .toList();
    }

    static double dot(double[] a, double[] b) {
        double dot = 0;
        for (int c = 0; c < a.length; c++) {
            dot += a[c] * b[c];
        }
        return dot;
    }

    /** Each row scaled to unit length (a zero row stays zero). */
    static double[][] normalized(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (double v : rows[i]) {
                norm += v * v;
            }
            double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            out[i] = Arrays.stream(rows[i]).map(v -> v * scale).toArray();
        }
        return out;
    }
}

package com.fruits.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * How well vectors separate labels: every test vector classified against the labelled train vectors
 * by 1-nearest-neighbour (cosine) and by nearest label centroid (Euclidean). Plain loops on
 * primitive arrays, test rows in parallel blocks, so 100,000 x 10,000 rows take seconds, not hours.
 */
public final class LabelEvaluation {
    private static final int BLOCK = 64;

    /** Labelled vectors, row-major. */
    public record Vectors(String[] labels, double[][] rows) {
    }

    /** Two labels and how often the first was classified as the second. */
    public record Confusion(String actual, String predicted, int count) {
    }

    /** Accuracies, per-label recall ({@code [1-NN, centroid, test rows]}) and the most confused pairs. */
    public record Result(int trainRows, int testRows, double nearestNeighbourAccuracy, double centroidAccuracy,
                         Map<String, double[]> recallByLabel, List<Confusion> mostConfused) {
    }

    private LabelEvaluation() {
    }

    public static Result evaluate(Vectors train, Vectors test) {
        int[] nn = nearestNeighbours(train.rows(), test.rows());
        String[] centroidLabels = new TreeMap<>(groupByLabel(train)).keySet().toArray(String[]::new);
        double[][] centroids = centroids(train, centroidLabels);
        int nnHits = 0;
        int centroidHits = 0;
        Map<String, int[]> perLabel = new TreeMap<>();
        Map<String, Integer> confusions = new LinkedHashMap<>();
        for (int i = 0; i < test.rows().length; i++) {
            String actual = test.labels()[i];
            String byNeighbour = train.labels()[nn[i]];
            String byCentroid = centroidLabels[nearestCentroid(centroids, test.rows()[i])];
            int[] counts = perLabel.computeIfAbsent(actual, k -> new int[3]);
            counts[2]++;
            if (byNeighbour.equals(actual)) {
                nnHits++;
                counts[0]++;
            } else {
                confusions.merge(actual + "\u0000" + byNeighbour, 1, Integer::sum);
            }
            if (byCentroid.equals(actual)) {
                centroidHits++;
                counts[1]++;
            }
        }
        Map<String, double[]> recall = new TreeMap<>();
        perLabel.forEach((label, c) -> recall.put(label, new double[] {(double) c[0] / c[2], (double) c[1] / c[2], c[2]}));
        List<Confusion> confused = new ArrayList<>();
        confusions.forEach((pair, count) -> {
            String[] labels = pair.split("\u0000");
            confused.add(new Confusion(labels[0], labels[1], count));
        });
        confused.sort(Comparator.comparingInt(Confusion::count).reversed()
                .thenComparing(Confusion::actual).thenComparing(Confusion::predicted));
        int n = test.rows().length;
        return new Result(train.rows().length, n, (double) nnHits / n, (double) centroidHits / n, recall,
                confused.subList(0, Math.min(10, confused.size())));
    }

    /** Index of the train row with the largest cosine similarity to each test row (first one on ties). */
    static int[] nearestNeighbours(double[][] train, double[][] test) {
        double[][] unitTrain = NearestLabels.normalized(train);
        double[][] unitTest = NearestLabels.normalized(test);
        int[] best = new int[test.length];
        IntStream.range(0, (test.length + BLOCK - 1) / BLOCK).parallel().forEach(b -> {
            int from = b * BLOCK;
            int to = Math.min(test.length, from + BLOCK);
            double[] bestScore = new double[to - from];
            Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
            // One pass over the train rows per block of test rows: each train row is read once per block.
            for (int j = 0; j < unitTrain.length; j++) {
                double[] t = unitTrain[j];
                for (int i = from; i < to; i++) {
                    double[] q = unitTest[i];
                    double dot = 0;
                    for (int c = 0; c < t.length; c++) {
                        dot += q[c] * t[c];
                    }
                    if (dot > bestScore[i - from]) {
                        bestScore[i - from] = dot;
                        best[i] = j;
                    }
                }
            }
        });
        return best;
    }

    private static Map<String, List<Integer>> groupByLabel(Vectors train) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < train.labels().length; i++) {
            groups.computeIfAbsent(train.labels()[i], k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    private static double[][] centroids(Vectors train, String[] labels) {
        Map<String, List<Integer>> groups = groupByLabel(train);
        int d = train.rows()[0].length;
        double[][] centroids = new double[labels.length][d];
        for (int l = 0; l < labels.length; l++) {
            List<Integer> members = groups.get(labels[l]);
            for (int i : members) {
                for (int c = 0; c < d; c++) {
                    centroids[l][c] += train.rows()[i][c] / members.size();
                }
            }
        }
        return centroids;
    }

    private static int nearestCentroid(double[][] centroids, double[] x) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int l = 0; l < centroids.length; l++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) {
                double diff = x[c] - centroids[l][c];
                s += diff * diff;
            }
            if (s < bestDistance) {
                bestDistance = s;
                best = l;
            }
        }
        return best;
    }
}

package com.fruits.pca;

/**
 * Count, mean and centered scatter matrix (sum of outer products) of a stream of vectors, in double
 * precision. Vectors are shifted by the first one seen (so large means do not cancel) and buffered
 * into blocks, so the upper triangle is updated by rank-{@code BLOCK} passes whose rows stay in cache.
 * The triangle is kept as one array per row so that each update is {@code row[j] += a * v[j]} on one
 * index: a loop JDK 17's C2 vectorises (it does not with a flat matrix read at {@code i * d + j}): 2-2.5x.
 */
public final class CovarianceAccumulator {
    static final int BLOCK = 64;

    private final int d;
    private final double[][] upper;
    private final double[] sum;
    private final double[][] block;
    private double[] shift;
    private long n;
    private int pending;

    public CovarianceAccumulator(int dimensions) {
        this.d = dimensions;
        this.upper = new double[dimensions][dimensions];
        this.sum = new double[dimensions];
        this.block = new double[BLOCK][dimensions];
    }

    public void add(float[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("Expected " + d + " values, got " + x.length);
        }
        if (shift == null) {
            shift = new double[d];
            for (int j = 0; j < d; j++) {
                shift[j] = x[j];
            }
        }
        double[] row = block[pending];
        for (int j = 0; j < d; j++) {
            row[j] = x[j] - shift[j];
            sum[j] += row[j];
        }
        n++;
        if (++pending == BLOCK) {
            flush();
        }
    }

    private void flush() {
        for (int i = 0; i < d; i++) {
            double[] row = upper[i];
            for (int r = 0; r < pending; r++) {
                double[] v = block[r];
                double vi = v[i];
                if (vi == 0) {
                    continue;
                }
                for (int j = i; j < d; j++) {
                    row[j] += vi * v[j];
                }
            }
        }
        pending = 0;
    }

    public long count() {
        return n;
    }

    /** The accumulated statistics: n, mean and the full centered scatter matrix {@code sum (x-mean)(x-mean)^T}. */
    public CovariancePartial result() {
        flush();
        double[] mean = new double[d];
        double[] scatter = new double[d * d];
        if (n == 0) {
            return new CovariancePartial(0, mean, 0, d, scatter);
        }
        for (int j = 0; j < d; j++) {
            mean[j] = shift[j] + sum[j] / n;
        }
        // Shifted scatter S minus s s^T / n is the centered scatter (the shift cancels exactly).
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double c = upper[i][j] - sum[i] * sum[j] / n;
                scatter[i * d + j] = c;
                scatter[j * d + i] = c;
            }
        }
        return new CovariancePartial(n, mean, 0, d, scatter);
    }
}

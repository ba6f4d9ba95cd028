package com.fruits.pca;

/**
 * A fitted PCA with Spark ML's semantics (which the original pipeline used): covariance of the
 * centered vectors divided by n-1, components = its top-k unit eigenvectors (each signed so its
 * largest-magnitude entry is positive), explained variance = eigenvalue / sum of all eigenvalues,
 * and projection {@code components^T x} of the raw vector, or of {@code x - mean} when centered
 * ({@link Projection}).
 */
public record PcaModel(long n, double[] mean, double totalVariance, double[] eigenvalues,
                       double[] explainedVariance, double[][] components) {

    /** Fits the model from the merged statistics of every vector (a partial of all rows). */
    public static PcaModel fit(CovariancePartial all, int k) {
        int d = all.mean().length;
        if (all.rowStart() != 0 || all.rows() != d) {
            throw new IllegalArgumentException("A PCA needs every row of the scatter matrix, got rows "
                    + all.rowStart() + "+" + all.rows());
        }
        double[][] scatter = new double[d][];
        for (int i = 0; i < d; i++) {
            scatter[i] = java.util.Arrays.copyOfRange(all.scatter(), i * d, (i + 1) * d);
        }
        return fit(all.n(), all.mean(), scatter, k);
    }

    /** Fits the model from the merged statistics: n, mean and the d x d centered scatter matrix. */
    public static PcaModel fit(long n, double[] mean, double[][] scatter, int k) {
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 vectors, got " + n);
        }
        int d = mean.length;
        double[][] covariance = new double[d][d];
        double trace = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                covariance[i][j] = scatter[i][j] / (n - 1);
            }
            trace += covariance[i][i];
        }
        EigenSolver.Eigenpairs pairs = EigenSolver.top(covariance, k);
        double[] explained = new double[k];
        for (int i = 0; i < k; i++) {
            explained[i] = pairs.values()[i] / trace;
            orient(pairs.vectors()[i]);
        }
        return new PcaModel(n, mean, trace, pairs.values(), explained, pairs.vectors());
    }

    /** Eigenvector signs are arbitrary: make the largest-magnitude entry positive, as the reference does. */
    static void orient(double[] v) {
        int largest = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[largest])) {
                largest = i;
            }
        }
        if (v[largest] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
    }

    public int k() {
        return eigenvalues.length;
    }

    public int dimensions() {
        return mean.length;
    }

    /** A short content hash (n, mean, eigenvalues, components) naming this model in lineage metadata. */
    public String id() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 * (1 + mean.length + eigenvalues.length
                    + components.length * mean.length));
            buffer.putLong(n);
            java.util.Arrays.stream(mean).forEach(buffer::putDouble);
            java.util.Arrays.stream(eigenvalues).forEach(buffer::putDouble);
            for (double[] component : components) {
                java.util.Arrays.stream(component).forEach(buffer::putDouble);
            }
            return java.util.HexFormat.of().formatHex(digest.digest(buffer.array())).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cumulative explained variance of the first {@code i + 1} components. */
    public double cumulativeExplained(int i) {
        double s = 0;
        for (int c = 0; c <= i; c++) {
            s += explainedVariance[c];
        }
        return s;
    }
}

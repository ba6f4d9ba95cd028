package com.fruits.pca;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.mahout.math.DenseMatrix;
import org.apache.mahout.math.DenseVector;
import org.apache.mahout.math.Matrix;
import org.apache.mahout.math.Vector;
import org.apache.mahout.math.decomposer.lanczos.LanczosSolver;
import org.apache.mahout.math.decomposer.lanczos.LanczosState;
import org.apache.mahout.math.solver.EigenDecomposition;

/**
 * Top-k eigenpairs of a symmetric positive semi-definite matrix with Mahout math. Mahout's Lanczos
 * solver (full re-orthogonalisation) with 3k steps finds them to machine precision in about a second
 * for 1280x1280, where the full {@link EigenDecomposition} takes some 25 s; every pair is checked by
 * its residual and the full decomposition is the fallback.
 */
public final class EigenSolver {
    /** Largest accepted residual ||C v - lambda v|| relative to the largest eigenvalue. */
    static final double TOLERANCE = 1e-9;

    private EigenSolver() {
    }

    /** Eigenvalues (descending) and unit eigenvectors (rows) of the k largest eigenpairs. */
    public record Eigenpairs(double[] values, double[][] vectors) {
    }

    public static Eigenpairs top(double[][] symmetric, int k) {
        int d = symmetric.length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k must be between 1 and " + d + ", not " + k);
        }
        Matrix c = new DenseMatrix(symmetric, true);
        int steps = Math.max(3 * k, k + 50);
        if (steps < d) {
            Eigenpairs lanczos = lanczos(c, k, steps);
            if (lanczos != null && accurate(c, lanczos)) {
                return lanczos;
            }
        }
        return full(c, k);
    }

    private static Eigenpairs lanczos(Matrix c, int k, int steps) {
        int d = c.numRows();
        Vector start = new DenseVector(d).assign(1.0 / Math.sqrt(d));
        LanczosState state = new LanczosState(c, steps, start);
        new LanczosSolver().solve(state, steps, true);
        Integer[] order = IntStream.range(0, steps)
                .filter(i -> state.getRightSingularVector(i) != null && state.getSingularValue(i) != null)
                .boxed().toArray(Integer[]::new);
        if (order.length < k) {
            return null;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> state.getSingularValue(i)).reversed());
        double[] values = new double[k];
        double[][] vectors = new double[k][];
        for (int i = 0; i < k; i++) {
            values[i] = state.getSingularValue(order[i]);
            vectors[i] = toArray(state.getRightSingularVector(order[i]));
        }
        return new Eigenpairs(values, vectors);
    }

    private static Eigenpairs full(Matrix c, int k) {
        EigenDecomposition eigen = new EigenDecomposition(c, true);
        Vector all = eigen.getRealEigenvalues();
        Matrix v = eigen.getV();
        // Mahout does not promise an order: sort it.
        Integer[] order = IntStream.range(0, all.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> all.get(i)).reversed());
        double[] values = new double[k];
        double[][] vectors = new double[k][];
        for (int i = 0; i < k; i++) {
            values[i] = all.get(order[i]);
            vectors[i] = toArray(v.viewColumn(order[i]).normalize());
        }
        return new Eigenpairs(values, vectors);
    }

    static boolean accurate(Matrix c, Eigenpairs pairs) {
        double scale = Math.max(Math.abs(pairs.values()[0]), Double.MIN_NORMAL);
        for (int i = 0; i < pairs.values().length; i++) {
            Vector v = new DenseVector(pairs.vectors()[i], true);
            double residual = c.times(v).minus(v.times(pairs.values()[i])).norm(2);
            if (residual / scale > TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static double[] toArray(Vector v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getQuick(i);
        }
        return out;
    }
}

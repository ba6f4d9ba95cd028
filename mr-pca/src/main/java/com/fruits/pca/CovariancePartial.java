package com.fruits.pca;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * Statistics of some of the vectors: count, mean and rows {@code [rowStart, rowStart + rows)} of the
 * centered scatter matrix. Partials of disjoint sets merge exactly (Chan, Golub and LeVeque's
 * pairwise update), which is what the covariance reducers do for their block of rows.
 */
public final class CovariancePartial implements Writable {
    private long n;
    private double[] mean;
    private int rowStart;
    private int rows;
    private double[] scatter;

    public CovariancePartial() {
    }

    public CovariancePartial(long n, double[] mean, int rowStart, int rows, double[] scatter) {
        this.n = n;
        this.mean = mean;
        this.rowStart = rowStart;
        this.rows = rows;
        this.scatter = scatter;
    }

    public long n() {
        return n;
    }

    public double[] mean() {
        return mean;
    }

    public int rowStart() {
        return rowStart;
    }

    public int rows() {
        return rows;
    }

    /** Row-major {@code rows x d} block of the scatter matrix. */
    public double[] scatter() {
        return scatter;
    }

    /** The rows {@code [start, start + count)} of this (full) partial. */
    public CovariancePartial rowBlock(int start, int count) {
        int d = mean.length;
        double[] part = new double[count * d];
        System.arraycopy(scatter, (start - rowStart) * d, part, 0, count * d);
        return new CovariancePartial(n, mean, start, count, part);
    }

    /** Adds {@code other} (same rows, disjoint vectors) into this partial. */
    public void merge(CovariancePartial other) {
        if (other.n == 0) {
            return;
        }
        if (n == 0) {
            n = other.n;
            mean = other.mean.clone();
            rowStart = other.rowStart;
            rows = other.rows;
            scatter = other.scatter.clone();
            return;
        }
        if (other.rowStart != rowStart || other.rows != rows) {
            throw new IllegalArgumentException("Cannot merge rows " + other.rowStart + "+" + other.rows
                    + " into rows " + rowStart + "+" + rows);
        }
        int d = mean.length;
        long total = n + other.n;
        double weight = (double) n * other.n / total;
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = other.mean[j] - mean[j];
        }
        for (int r = 0; r < rows; r++) {
            double dr = delta[rowStart + r] * weight;
            int offset = r * d;
            for (int j = 0; j < d; j++) {
                scatter[offset + j] += other.scatter[offset + j] + dr * delta[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] += delta[j] * other.n / total;
        }
        n = total;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeInt(mean.length);
        out.writeInt(rowStart);
        out.writeInt(rows);
        for (double m : mean) {
            out.writeDouble(m);
        }
        for (double s : scatter) {
            out.writeDouble(s);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        n = in.readLong();
        int d = in.readInt();
        rowStart = in.readInt();
        rows = in.readInt();
        mean = new double[d];
        scatter = new double[rows * d];
        for (int j = 0; j < d; j++) {
            mean[j] = in.readDouble();
        }
        for (int i = 0; i < scatter.length; i++) {
            scatter[i] = in.readDouble();
        }
    }
}

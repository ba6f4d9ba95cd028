package com.fruits.pca;

/** Splits d matrix rows into contiguous, near-equal blocks, one per covariance reducer. */
final class RowBlocks {
    private RowBlocks() {
    }

    /** {start, count} of block {@code b} of {@code blocks}. */
    static int[] rows(int d, int blocks, int b) {
        int start = (int) ((long) d * b / blocks);
        int end = (int) ((long) d * (b + 1) / blocks);
        return new int[] {start, end - start};
    }
}

package com.fruits.common;

/** One row of the projected Parquet output: the image path, its label and its k PCA coordinates. */
public record ProjectedRow(String path, String label, double[] pcaFeatures) {
}

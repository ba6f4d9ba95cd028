package com.fruits.common;

/**
 * One row of the projected Parquet output: the image path, its label and its k PCA coordinates, and
 * the subject id only when asked for ({@code --subject-column}), null otherwise.
 */
public record ProjectedRow(String path, String label, double[] pcaFeatures, String subjectId) {
    public ProjectedRow(String path, String label, double[] pcaFeatures) {
        this(path, label, pcaFeatures, null);
    }
}

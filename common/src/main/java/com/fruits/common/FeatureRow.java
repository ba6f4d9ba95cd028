package com.fruits.common;

/** One row of the featurize job's Parquet: the image path, its label and its 1280 MobileNetV2 features. */
public record FeatureRow(String path, String label, float[] features) {
    /** The length of a MobileNetV2 feature vector (its last convolution's channels, pooled). */
    public static final int DIMENSIONS = 1280;
}

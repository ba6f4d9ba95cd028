package com.fruits.common;

/**
 * Runs MobileNetV2 on preprocessed images: n x {@link MobileNetPreprocessor#VALUES} floats in [-1,1],
 * NHWC, to n x {@link FeatureModel#DIMENSIONS} features. One implementation per inference engine.
 */
public interface FeatureEngine extends AutoCloseable {
    void features(float[] images, int n, float[] features);

    /** The engine and its version, for the run summary and the lineage: {@code onnxruntime 1.22.0}. */
    String engine();

    @Override
    void close();
}

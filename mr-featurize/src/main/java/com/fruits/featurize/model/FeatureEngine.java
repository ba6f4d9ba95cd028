package com.fruits.featurize.model;

import com.fruits.common.FeatureRow;
import com.fruits.featurize.image.MobileNetPreprocessor;

/**
 * Runs MobileNetV2 on preprocessed images: n x {@link MobileNetPreprocessor#VALUES} floats in [-1,1],
 * NHWC, to n x {@link FeatureRow#DIMENSIONS} features. One implementation per inference engine.
 */
public interface FeatureEngine extends AutoCloseable {
    void features(float[] images, int n, float[] features);

    /** False while the engine still loads ({@link LoadingEngine}): a batch may then keep filling. */
    default boolean ready() {
        return true;
    }

    /** The engine and its version, for the run summary and the lineage: {@code onnxruntime 1.22.0}. */
    String engine();

    @Override
    void close();
}

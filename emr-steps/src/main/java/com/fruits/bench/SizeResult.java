package com.fruits.bench;

import com.fruits.featurize.InferenceCeiling;

/** Every stage's time for one number of images, measured in the same run. */
record SizeResult(long images, InferenceCeiling.Measurement stages, double featurizeSeconds,
                  double modelLoadSeconds, double covarianceSeconds, double eigenSeconds,
                  double projectionSeconds, PeakMemory.Peak featurizeMemory) {

    double featurizeImagesPerSecond() {
        return images / featurizeSeconds;
    }

    /** Featurize end to end against the model alone on pre-decoded batches (the ceiling). */
    double ratioToCeiling() {
        return featurizeImagesPerSecond() / stages.inferenceImagesPerSecond();
    }

    /** Covariance, eigen-decomposition and projection against featurize (the target is under 10%). */
    double pcaShareOfFeaturize() {
        return (covarianceSeconds + eigenSeconds + projectionSeconds) / featurizeSeconds;
    }
}

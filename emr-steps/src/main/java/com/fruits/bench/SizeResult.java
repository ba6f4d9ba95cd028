package com.fruits.bench;

import java.util.List;

/** Every stage's time for one number of images, measured in the same run: featurize once per engine. */
record SizeResult(long images, List<EngineResult> engines, double covarianceSeconds, double eigenSeconds,
                  double projectionSeconds) {

    /** One engine at this size: its bare ceiling in the job's own process/thread layout, and the job. */
    record EngineResult(String engine, String version, CeilingProcesses.Ceiling ceiling, double featurizeSeconds,
                        double modelLoadSeconds, PeakMemory.Peak memory) {
        double featurizeImagesPerSecond(long images) {
            return images / featurizeSeconds;
        }
    }

    EngineResult first() {
        return engines.get(0);
    }

    EngineResult engine(String name) {
        return engines.stream().filter(e -> e.engine().equals(name)).findFirst().orElse(null);
    }

    /** Featurize end to end against the same engine on pre-decoded batches in the same layout (the ceiling). */
    double ratioToCeiling(EngineResult e) {
        return e.featurizeImagesPerSecond(images) / e.ceiling().inferenceImagesPerSecond();
    }

    /** Covariance, eigen-decomposition and projection against the default engine's featurize (target: under 10%). */
    double pcaShareOfFeaturize() {
        return (covarianceSeconds + eigenSeconds + projectionSeconds) / first().featurizeSeconds();
    }

    double decodeSeconds() {
        return images / first().ceiling().decodeImagesPerSecond();
    }
}

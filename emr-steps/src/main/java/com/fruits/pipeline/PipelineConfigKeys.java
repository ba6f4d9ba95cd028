package com.fruits.pipeline;

import com.fruits.common.ConfigKey;

/** Settings of {@code fruits pipeline} beyond those of its three jobs. */
public enum PipelineConfigKeys implements ConfigKey {
    PCA_FROM("pca-from", "fruits.pca.from", null, "<run>",
            "Project with the PCA model of an earlier pipeline run (its output folder) instead of fitting one."),
    REFIT_PCA("refit-pca", "fruits.pipeline.refit.pca", "false", null,
            "With --incremental: fit the PCA again on every vector (reading only the new ones: the statistics of the "
                    + "others are kept) and project every vector again. By default the new images alone are projected "
                    + "with the run's PCA, so that vectors stay comparable over time; the batch's drift is printed.");

    private final Spec spec;

    PipelineConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean namesInput() {
        return this == PCA_FROM;
    }
}

package com.fruits.pipeline;

import com.fruits.common.ConfigKey;

/** Settings of {@code fruits pipeline} beyond those of its three jobs. */
public enum PipelineConfigKeys implements ConfigKey {
    PCA_FROM("pca-from", "fruits.pca.from", null, "<run>",
            "Project with the PCA model of an earlier pipeline run (its output folder) instead of fitting one."),
    KEEP_PCA("keep-pca", "fruits.pipeline.keep.pca", "false", null,
            "With --incremental: project only the new images, with the run's PCA as it is (vectors stay comparable "
                    + "over time; the batch's drift is printed), instead of refitting the PCA and projecting everything again.");

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

package com.fruits.pca;

import com.fruits.common.ConfigKey;
import com.fruits.common.FeatureRow;
import org.apache.hadoop.conf.Configuration;

/** Settings of the covariance and projection jobs. */
public enum PcaConfigKeys implements ConfigKey {
    K("k", "fruits.pca.k", "100", "<n>",
            "Number of principal components kept."),
    CENTER("center", "fruits.pca.center", "false", null,
            "Subtract the mean before projecting (Spark ML's PCA, which the original used, does not)."),
    COVARIANCE_REDUCERS("reducers", "fruits.covariance.reducers", "1", "<n>",
            "Reducers that share the covariance matrix, by row blocks."),
    PCA("pca", "fruits.pca.model", null, "<dir>",
            "Folder of a PCA model written by the covariance command (pca/ of a pipeline run).");

    private final Spec spec;

    PcaConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean namesInput() {
        return this == PCA;
    }

    @Override
    public void check(Configuration conf) {
        if (this == K || this == COVARIANCE_REDUCERS) {
            ConfigKey.checkRange(this, conf, 1, FeatureRow.DIMENSIONS);
        }
    }
}

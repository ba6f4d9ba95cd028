package com.fruits.bench;

import com.fruits.common.ConfigKey;
import com.fruits.featurize.FeaturizeConfigKeys;
import org.apache.hadoop.conf.Configuration;

/** Settings of {@code fruits bench}. */
public enum BenchConfigKeys implements ConfigKey {
    SIZES("sizes", "fruits.bench.sizes", "1000,5000,22688", "<n,n,...>",
            "Numbers of images (the first n in path order) the benchmark measures each stage on."),
    RESULTS("results", "fruits.bench.results", "bench/results", "<dir>",
            "Local folder the benchmark writes benchmark.csv, benchmark.md and benchmark.png to."),
    ENGINES("engines", "fruits.bench.engines", "onnxruntime,tensorflow", "<engine,...>",
            "Inference engines the benchmark measures, each with its ceiling in the job's layout and the job."),
    KERAS("keras", "fruits.bench.keras", null, "<csv>",
            "Python/Keras figures from bench/keras_featurize.py (bench/run.sh), or a '# skipped: why' line."),
    TUNING_IMAGES("tuning-images", "fruits.bench.tuning.images", "1000", "<n>",
            "Images for the tuning runs (batch size, TensorFlow threads, tasks per node); 0 skips them.");

    private final Spec spec;

    BenchConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public void check(Configuration conf) {
        if (this == TUNING_IMAGES) {
            ConfigKey.checkRange(this, conf, 0, Long.MAX_VALUE);
        } else if (this == ENGINES && conf.get(property()) != null) {
            for (String engine : conf.get(property()).split(",")) {
                FeaturizeConfigKeys.checkEngine(this, engine.trim());
            }
        }
    }
}

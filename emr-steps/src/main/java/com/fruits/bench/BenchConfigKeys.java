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
            "Images for the tuning runs (batch size, TensorFlow threads, tasks per node); 0 skips them."),
    PHOTO_SIZE("size", "fruits.bench.photo.size", "1600x1200", "<WxH>",
            "Size of the photos 'fruits photos' makes: 1600x1200 (2 MP), 4000x3000 (12 MP), 100x100 (the tiles' own)."),
    PHOTO_QUALITY("quality", "fruits.bench.photo.quality", "92", "<1..100>",
            "JPEG quality of the photos 'fruits photos' makes (phones write 85-95)."),
    PHOTO_NOISE("noise", "fruits.bench.photo.noise", "12", "<sigma>",
            "Sensor-like Gaussian noise added per pixel and channel (0..255 scale), so that JPEG entropy, hence decode "
                    + "time, is a real photo's rather than a smooth upscale's: 12 gives 4.4 MB per 12 MP photo at quality 92.");

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
        } else if (this == PHOTO_QUALITY) {
            ConfigKey.checkRange(this, conf, 1, 100);
        } else if (this == PHOTO_SIZE) {
            PhotosTool.size(conf);
        } else if (this == ENGINES && conf.get(property()) != null) {
            for (String engine : conf.get(property()).split(",")) {
                FeaturizeConfigKeys.checkEngine(this, engine.trim());
            }
        }
    }
}

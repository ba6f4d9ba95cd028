package com.fruits.featurize.model;

import com.fruits.common.ConfigKey;
import org.apache.hadoop.conf.Configuration;

/** Settings of {@code fruits model fetch}: where the official weights come from. */
public enum ModelConfigKeys implements ConfigKey {
    URL("url", "fruits.model.url", "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
            + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", "<url>",
            "Where fruits model fetch downloads the Keras Applications MobileNetV2 weight file (.h5) from."),
    FROM("from", "fruits.model.from", null, "<h5>",
            "A local copy of that weight file, used instead of downloading it."),
    DOWNLOAD_TIMEOUT("timeout", "fruits.download.timeout", "60s", "<duration>",
            "How long a download waits to connect, and for each read, before it gives up (e.g. 30s, 2m).");

    private final Spec spec;

    ModelConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public void check(Configuration conf) {
        if (this == DOWNLOAD_TIMEOUT) {
            ConfigKey.checkDuration(this, conf);
        }
    }
}

package com.fruits.featurize;

import com.fruits.common.ConfigKey;
import com.fruits.common.UsageException;
import com.fruits.featurize.image.DecodeMode;
import com.fruits.featurize.image.Orientation;
import com.fruits.featurize.image.PhotoReading;
import org.apache.hadoop.conf.Configuration;

/** The featurize job's settings: the model and engine, batching, task layout and what counts as bad input. */
public enum FeaturizeConfigKeys implements ConfigKey {
    MODEL("model", "fruits.model", null, "<dir|archive>",
            "MobileNetV2 SavedModel: a local folder, or a .zip/.tar.gz/.tgz of it on any file system."),
    ENGINE("engine", "fruits.featurize.engine", "onnxruntime", "<onnxruntime|tensorflow>",
            "Inference engine: onnxruntime runs the SavedModel's weights converted to ONNX by the driver (checked "
                    + "against the SavedModel on the run's first images; about 2x faster); tensorflow runs the SavedModel."),
    KERAS_WEIGHTS("keras-weights", "fruits.featurize.keras.weights", null, "<h5>",
            "With --engine onnxruntime: convert this Keras Applications weight file (.h5) instead of --model's variables."),
    BATCH_SIZE("batch-size", "fruits.featurize.batch.size", "32", "<n>",
            "Images decoded, then run per engine call (TensorFlow takes them one at a time: its sums depend on the batch)."),
    TF_THREADS("tf-threads", "fruits.featurize.tf.threads", "0", "<n>",
            "Inference threads per map task (TensorFlow or ONNX Runtime); 0: one per map, with one map per core locally "
                    + "and one per vCPU container on a cluster (fruits ceiling: every core)."),
    SPLIT_SIZE("split-size", "mapreduce.input.fileinputformat.split.maxsize", "33554432", "<bytes>",
            "Image bytes packed into one map task (Hadoop's split.maxsize; locally, unset: the images shared equally over the cores)."),
    DECODE("decode", "fruits.featurize.decode", "exact", "<exact|fast>",
            "exact: Pillow's pixels, the original's vectors. fast: large JPEGs decoded at 1/2, 1/4 or 1/8 scale (Pillow's "
                    + "draft scale, both sides still >= 224) before the same resize: several times faster on phone photos, "
                    + "vectors no longer the exact ones (the README gives the accuracy cost). Recorded in the lineage; runs "
                    + "and PCA models of different modes are not mixed."),
    ORIENTATION("orientation", "fruits.featurize.orientation", "ignore", "<ignore|exif>",
            "ignore: pixels as stored, as the original read them (its vectors). exif: photos turned upright by their EXIF "
                    + "orientation, as Pillow's ImageOps.exif_transpose does (JPEG, PNG, WebP, TIFF). Recorded in the lineage "
                    + "like --decode, followed by fruits serve; runs and PCA models of the two are not mixed."),
    MAX_PIXELS("max-pixels", "fruits.featurize.max.pixels", "178956970", "<n>",
            "Refuse images whose header declares more pixels than this (decompression bombs). The default is Pillow's "
                    + "own limit (twice Image.MAX_IMAGE_PIXELS): every photo Pillow opens, 108 MP phone modes included."),
    MAX_REJECTED_RATIO("max-rejected-ratio", "fruits.featurize.max.rejected.ratio", "0.05", "<0..1>",
            "Fail the job when more than this share of the input files is rejected.");

    private final Spec spec;

    FeaturizeConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean namesInput() {
        return this == MODEL || this == KERAS_WEIGHTS;
    }

    @Override
    public void check(Configuration conf) {
        switch (this) {
            case BATCH_SIZE -> ConfigKey.checkRange(this, conf, 1, 4096);
            case TF_THREADS -> ConfigKey.checkRange(this, conf, 0, 1024);
            case SPLIT_SIZE, MAX_PIXELS -> ConfigKey.checkRange(this, conf, 1, Long.MAX_VALUE);
            case MAX_REJECTED_RATIO -> ConfigKey.checkRatio(this, conf);
            case ENGINE -> checkEngine(this, conf.get(property()));
            case DECODE, ORIENTATION -> reading(conf);
            default -> {
            }
        }
    }

    /** How photos are read ({@code --decode}, {@code --orientation}); a clear sentence for a value out of their lists. */
    public static PhotoReading reading(Configuration conf) {
        return new PhotoReading(DecodeMode.of(DECODE.get(conf)), Orientation.of(ORIENTATION.get(conf)));
    }

    /** Refuses an engine name other than tensorflow or onnxruntime (null: not set). */
    public static void checkEngine(ConfigKey key, String value) {
        if (value != null && !value.equals("tensorflow") && !value.equals("onnxruntime")) {
            throw new UsageException("--" + key.flag() + " takes tensorflow or onnxruntime, not '" + value + "'");
        }
    }
}

package com.fruits.common;

import org.apache.hadoop.conf.Configuration;

/**
 * Every setting of the suite, in one place: the Hadoop property ({@code -D fruits.x=...}), the
 * command-line flag that sets it, its default and a one-line description from which help text and
 * docs are generated (the {@code TeraSortConfigKeys} idiom).
 */
public enum FruitsConfigKeys {
    INPUT("input", "fruits.input", null, "<uri>",
            "Folder of <Label>/<image> files on any Hadoop file system (file:, hdfs:, s3a:), read recursively."),
    OUTPUT("output", "fruits.output", null, "<uri>",
            "Folder the command writes; it must not exist yet unless --overwrite is given."),
    MODEL("model", "fruits.model", null, "<dir|archive>",
            "MobileNetV2 SavedModel: a local folder, or a .zip/.tar.gz/.tgz of it on any file system."),
    BATCH_SIZE("batch-size", "fruits.featurize.batch.size", "32", "<n>",
            "Images per TensorFlow call."),
    ENGINE("engine", "fruits.featurize.engine", "onnxruntime", "<onnxruntime|tensorflow>",
            "Inference engine: onnxruntime runs the SavedModel's weights converted to ONNX by the driver (checked "
                    + "against the SavedModel on the run's first images; about 2x faster); tensorflow runs the SavedModel."),
    KERAS_WEIGHTS("keras-weights", "fruits.featurize.keras.weights", null, "<h5>",
            "With --engine onnxruntime: convert this Keras Applications weight file (.h5) instead of --model's variables."),
    TF_THREADS("tf-threads", "fruits.featurize.tf.threads", "0", "<n>",
            "Inference threads per map task (TensorFlow or ONNX Runtime); 0: one per map, with one map per core locally "
                    + "and one per vCPU container on a cluster (fruits ceiling: every core)."),
    SPLIT_SIZE("split-size", "mapreduce.input.fileinputformat.split.maxsize", "33554432", "<bytes>",
            "Image bytes packed into one map task (Hadoop's split.maxsize; locally: the input over the cores)."),
    MAX_PIXELS("max-pixels", "fruits.featurize.max.pixels", "40000000", "<n>",
            "Refuse images whose header declares more pixels than this (decompression bombs)."),
    MAX_REJECTED_RATIO("max-rejected-ratio", "fruits.featurize.max.rejected.ratio", "0.05", "<0..1>",
            "Fail the job when more than this share of the input files is rejected."),
    LIMIT("limit", "fruits.input.limit", "0", "<n>",
            "Read only the first n images in path order (0 reads all)."),
    K("k", "fruits.pca.k", "100", "<n>",
            "Number of principal components kept."),
    CENTER("center", "fruits.pca.center", "false", null,
            "Subtract the mean before projecting (Spark ML's PCA, which the original used, does not)."),
    COVARIANCE_REDUCERS("reducers", "fruits.covariance.reducers", "1", "<n>",
            "Reducers that share the covariance matrix, by row blocks."),
    PCA("pca", "fruits.pca.model", null, "<dir>",
            "Folder of a PCA model written by the covariance command (pca/ of a pipeline run)."),
    PCA_FROM("pca-from", "fruits.pca.from", null, "<run>",
            "Project with the PCA model of an earlier pipeline run (its output folder) instead of fitting one."),
    TRAIN("train", "fruits.evaluate.train", null, "<run>",
            "Pipeline run whose projected vectors are the labelled references."),
    TEST("test", "fruits.evaluate.test", null, "<run>",
            "Pipeline run whose projected vectors are classified; evaluation.json is written into it."),
    EMR_BUCKET("bucket", "fruits.emr.bucket", null, "<name>",
            "S3 bucket (in an EU region) for the jar, the model, the images, the results and the logs."),
    EMR_PREFIX("prefix", "fruits.emr.prefix", "fruits", "<prefix>",
            "Key prefix under the bucket: jars/, model/, images/, runs/, logs/."),
    EMR_REGION("region", "fruits.emr.region", null, "<region>",
            "AWS region of the cluster; must be an EU region (GDPR)."),
    EMR_INSTANCE_TYPE("instance-type", "fruits.emr.instance.type", "m5.xlarge", "<type>",
            "EC2 instance type of every node; sizes YARN containers and picks the TensorFlow build."),
    EMR_CORE_NODES("core-nodes", "fruits.emr.core.nodes", "2", "<n>",
            "Core nodes besides the primary node."),
    EMR_RELEASE("release", "fruits.emr.release", "emr-7.12.0", "<label>",
            "EMR release label; the default is the newest supported 7.x with the build's Hadoop (3.4.1)."),
    EMR_KMS_KEY("kms-key", "fruits.emr.kms.key", null, "<key id>",
            "KMS key for SSE-KMS of everything written to S3 (default: SSE-S3)."),
    EMR_RUN("run", "fruits.emr.run", null, "<name>",
            "Name of the run: results go to runs/<name>/ (default: the current UTC time)."),
    EMR_THREE_STEPS("three-steps", "fruits.emr.three.steps", "false", null,
            "Submit featurize, covariance and project as three steps instead of one pipeline step."),
    EMR_DRY_RUN("dry-run", "fruits.emr.dry.run", "false", null,
            "With submit: show the requests, send nothing."),
    SUBJECTS("subjects", "fruits.gdpr.subjects", null, "<file>",
            "Subject manifest (path, subject_id, collected_at; CSV or TSV with a header), kept as subjects.tsv."),
    SUBJECT_COLUMN("subject-column", "fruits.projection.subject.column", "false", null,
            "Add subject_id (from --subjects) to the projected Parquet; off by default: keep only what is needed."),
    RUNS("runs", "fruits.gdpr.runs", null, "<glob>",
            "Pipeline output folders to act on: one folder or a glob such as s3a://bucket/fruits/runs/*."),
    SUBJECT("subject", "fruits.gdpr.subject", null, "<id>",
            "Subject id, as in the subject manifests."),
    IMAGE_PATH("path", "fruits.gdpr.path", null, "<path>",
            "One image, by its full path as every output names it (s3a://bucket/fruits/images/Apple/1.jpg)."),
    OLDER_THAN("older-than", "fruits.gdpr.older.than", "365d", "<age>",
            "Retention period, positive: images collected longer ago than this (365d, 12h, or ISO-8601 like P30D)."),
    LABEL("label", "fruits.gdpr.label", null, "<label>",
            "The corrected label of the image named by --path."),
    REQUEST("request", "fruits.gdpr.request", null, "<id>",
            "Id of the request recorded in the erasure log (default: a new random id)."),
    MODEL_URL("url", "fruits.model.url", "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
            + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", "<url>",
            "Where fruits model fetch downloads the Keras Applications MobileNetV2 weight file (.h5) from."),
    MODEL_FROM("from", "fruits.model.from", null, "<h5>",
            "A local copy of that weight file, used instead of downloading it."),
    DOWNLOAD_TIMEOUT("timeout", "fruits.download.timeout", "60s", "<duration>",
            "How long a download waits to connect, and for each read, before it gives up (e.g. 30s, 2m)."),
    BENCH_SIZES("sizes", "fruits.bench.sizes", "1000,5000,22688", "<n,n,...>",
            "Numbers of images (the first n in path order) the benchmark measures each stage on."),
    BENCH_RESULTS("results", "fruits.bench.results", "bench/results", "<dir>",
            "Local folder the benchmark writes benchmark.csv, benchmark.md and benchmark.png to."),
    BENCH_ENGINES("engines", "fruits.bench.engines", "onnxruntime,tensorflow", "<engine,...>",
            "Inference engines the benchmark measures, each with its ceiling in the job's layout and the job."),
    BENCH_KERAS("keras", "fruits.bench.keras", null, "<csv>",
            "Python/Keras figures from bench/keras_featurize.py (bench/run.sh), or a '# skipped: why' line."),
    BENCH_TUNING_IMAGES("tuning-images", "fruits.bench.tuning.images", "1000", "<n>",
            "Images for the tuning runs (batch size, TensorFlow threads, tasks per node); 0 skips them."),
    ENCRYPTION_KEY("encryption-key", "fruits.parquet.encryption.key", null, "<kms key>",
            "Encrypt the Parquet's pca_features column under this KMS master key (AWS KMS unless "
                    + "parquet.encryption.kms.client.class names another)."),
    COMPRESSION("compression", "parquet.compression", "SNAPPY", "<codec>",
            "Parquet compression: SNAPPY, GZIP, ZSTD or UNCOMPRESSED (parquet-hadoop's own property)."),
    INCREMENTAL("incremental", "fruits.incremental", "false", null,
            "Add to the run in --output: featurize only new or changed images (path, size, time), then refit and project."),
    OVERWRITE("overwrite", "fruits.overwrite", "false", null,
            "Delete the output folder first if it already exists.");

    private final String flag;
    private final String property;
    private final String defaultValue;
    private final String argument;
    private final String description;

    FruitsConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.flag = flag;
        this.property = property;
        this.defaultValue = defaultValue;
        this.argument = argument;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public String property() {
        return property;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The placeholder shown in help, or null for a switch that takes no value. */
    public String argument() {
        return argument;
    }

    public String description() {
        return description;
    }

    public String get(Configuration conf) {
        return conf.get(property, defaultValue);
    }

    public int getInt(Configuration conf) {
        return conf.getInt(property, Integer.parseInt(defaultValue));
    }

    public long getLong(Configuration conf) {
        return conf.getLong(property, Long.parseLong(defaultValue));
    }

    public double getDouble(Configuration conf) {
        return conf.getDouble(property, Double.parseDouble(defaultValue));
    }

    public boolean getBoolean(Configuration conf) {
        return conf.getBoolean(property, Boolean.parseBoolean(defaultValue));
    }

    /**
     * Checks the value set for this key (by flag or -D) against its range, before any job runs:
     * a {@link UsageException} in one sentence when it is out of range or not a number.
     */
    public void check(Configuration conf) {
        String value = conf.get(property);
        if (value == null) {
            return;
        }
        switch (this) {
            case K -> range(value, 1, FeatureRow.DIMENSIONS);
            case BATCH_SIZE -> range(value, 1, 4096);
            case COVARIANCE_REDUCERS -> range(value, 1, FeatureRow.DIMENSIONS);
            case TF_THREADS, EMR_CORE_NODES -> range(value, 0, 1024);
            case LIMIT, BENCH_TUNING_IMAGES -> range(value, 0, Long.MAX_VALUE);
            case SPLIT_SIZE, MAX_PIXELS -> range(value, 1, Long.MAX_VALUE);
            case MAX_REJECTED_RATIO -> ratio(value);
            case OLDER_THAN, DOWNLOAD_TIMEOUT -> Durations.positive(value, "--" + flag);
            case ENGINE -> engine(value);
            case BENCH_ENGINES -> {
                for (String engine : value.split(",")) {
                    engine(engine.trim());
                }
            }
            default -> {
            }
        }
    }

    private void engine(String value) {
        if (!value.equals("tensorflow") && !value.equals("onnxruntime")) {
            throw new UsageException("--" + flag + " takes tensorflow or onnxruntime, not '" + value + "'");
        }
    }

    private void range(String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + " needs a whole number from " + min + " to " + bound(max) + ", not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new UsageException("--" + flag + " must be from " + min + " to " + bound(max) + ", not " + v);
        }
    }

    private static String bound(long max) {
        return max == Long.MAX_VALUE ? "any larger number" : String.valueOf(max);
    }

    private void ratio(String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new UsageException("--" + flag + " is a share between 0 and 1 (0.05 = 5%), not '" + value + "'");
        }
    }

    /** The value, or a {@link UsageException} naming the flag when it was set nowhere. */
    public String require(Configuration conf) {
        String value = get(conf);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + flag + " is required (or -D " + property + "=...)");
        }
        return value;
    }
}

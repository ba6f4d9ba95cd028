package com.fruits.common;

import org.apache.hadoop.conf.Configuration;

/**
 * The settings every command of a run shares: what it reads and writes, how much of it, how the
 * Parquet is written and which subjects the images belong to. Each job keeps its own keys beside it.
 */
public enum RunConfigKeys implements ConfigKey {
    INPUT("input", "fruits.input", null, "<uri>",
            "Folder of <Label>/<image> files on any Hadoop file system (file:, hdfs:, s3a:), read recursively."),
    OUTPUT("output", "fruits.output", null, "<uri>",
            "Folder the command writes; it must not exist yet unless --overwrite is given."),
    LIMIT("limit", "fruits.input.limit", "0", "<n>",
            "Read only the first n images in path order (0 reads all)."),
    SUBJECTS("subjects", "fruits.gdpr.subjects", null, "<file>",
            "Subject manifest (path, subject_id, collected_at; CSV or TSV with a header), kept as subjects.tsv."),
    SUBJECT_COLUMN("subject-column", "fruits.projection.subject.column", "false", null,
            "Add subject_id (from --subjects) to the projected Parquet; off by default: keep only what is needed."),
    ENCRYPTION_KEY("encryption-key", "fruits.parquet.encryption.key", null, "<kms key>",
            "Encrypt the Parquet's pca_features column under this KMS master key (AWS KMS unless "
                    + "parquet.encryption.kms.client.class names another)."),
    COMPRESSION("compression", "parquet.compression", "SNAPPY", "<codec>",
            "Parquet compression: SNAPPY, GZIP, ZSTD or UNCOMPRESSED (parquet-hadoop's own property)."),
    INCREMENTAL("incremental", "fruits.incremental", "false", null,
            "Add to the run in --output: featurize only new or changed images (path, size, time), then refit and project."),
    OVERWRITE("overwrite", "fruits.overwrite", "false", null,
            "Delete the output folder first if it already exists.");

    private final Spec spec;

    RunConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean namesInput() {
        return this == INPUT || this == SUBJECTS;
    }

    @Override
    public void check(Configuration conf) {
        if (this == LIMIT) {
            ConfigKey.checkRange(this, conf, 0, Long.MAX_VALUE);
        }
    }
}

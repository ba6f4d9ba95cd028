package com.fruits.gdpr;

import com.fruits.common.ConfigKey;
import org.apache.hadoop.conf.Configuration;

/** Settings of the GDPR commands: erase, export, rectify, retention. */
public enum GdprConfigKeys implements ConfigKey {
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
            "Id of the request recorded in the erasure log (default: a new random id).");

    private final Spec spec;

    GdprConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public void check(Configuration conf) {
        if (this == OLDER_THAN) {
            ConfigKey.checkDuration(this, conf);
        }
    }
}

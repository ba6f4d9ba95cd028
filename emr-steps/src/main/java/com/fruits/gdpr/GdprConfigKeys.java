package com.fruits.gdpr;

import com.fruits.common.ConfigKey;
import com.fruits.common.Durations;
import org.apache.hadoop.conf.Configuration;

/** Settings of the GDPR commands: erase, export, rectify, retention. */
public enum GdprConfigKeys implements ConfigKey {
    RUNS("runs", "fruits.gdpr.runs", null, "<glob>",
            "Pipeline output folders to act on: one folder or a glob such as s3a://bucket/fruits/runs/*."),
    SUBJECT("subject", "fruits.gdpr.subject", null, "<id>",
            "Subject id, as in the subject manifests."),
    IMAGE_PATH("path", "fruits.gdpr.path", null, "<path>",
            "One image: /data/in/Apple/1.jpg, file:///data/in/Apple/1.jpg, s3a://bucket/in/Apple/1.jpg, or Apple/1.jpg relative to the run's input."),
    OLDER_THAN("older-than", "fruits.gdpr.older.than", "365d", "<age>",
            "Retention period, positive: images collected longer ago than this (365d, 12mo, 1y, 2w, or ISO-8601 like P1Y, P12M, P30D; a bare 'M' is refused)."),
    DRY_RUN("dry-run", "fruits.gdpr.dry.run", "false", null,
            "Print what would be removed (rows and runs, the cut-off date) and change nothing."),
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
        String value = conf.get(property());
        if (this == OLDER_THAN && value != null) {
            Durations.age(value, "--" + flag());
        }
    }
}

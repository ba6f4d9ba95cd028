package com.fruits.emr;

import com.fruits.common.ConfigKey;
import org.apache.hadoop.conf.Configuration;

/** Settings of {@code fruits emr}: where and how the cluster runs. */
public enum EmrConfigKeys implements ConfigKey {
    BUCKET("bucket", "fruits.emr.bucket", null, "<name>",
            "S3 bucket (in an EU region) for the jar, the model, the images, the results and the logs."),
    PREFIX("prefix", "fruits.emr.prefix", "fruits", "<prefix>",
            "Key prefix under the bucket: jars/, model/, images/, runs/, logs/."),
    REGION("region", "fruits.emr.region", null, "<region>",
            "AWS region of the cluster; must be an EU region (GDPR)."),
    INSTANCE_TYPE("instance-type", "fruits.emr.instance.type", "m5.xlarge", "<type>",
            "EC2 instance type of every node; sizes YARN containers and picks the TensorFlow build."),
    CORE_NODES("core-nodes", "fruits.emr.core.nodes", "2", "<n>",
            "Core nodes besides the primary node."),
    RELEASE("release", "fruits.emr.release", "emr-7.12.0", "<label>",
            "EMR release label; the default is the newest supported 7.x with the build's Hadoop (3.4.1)."),
    KMS_KEY("kms-key", "fruits.emr.kms.key", null, "<key id>",
            "KMS key for SSE-KMS of everything written to S3 (default: SSE-S3)."),
    RUN("run", "fruits.emr.run", null, "<name>",
            "Name of the run: results go to runs/<name>/ (default: the current UTC time)."),
    THREE_STEPS("three-steps", "fruits.emr.three.steps", "false", null,
            "Submit featurize, covariance and project as three steps instead of one pipeline step."),
    DRY_RUN("dry-run", "fruits.emr.dry.run", "false", null,
            "With submit: show the requests, send nothing.");

    private final Spec spec;

    EmrConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public void check(Configuration conf) {
        if (this == CORE_NODES) {
            ConfigKey.checkRange(this, conf, 0, 1024);
        }
    }
}

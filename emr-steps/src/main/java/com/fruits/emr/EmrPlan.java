package com.fruits.emr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * A run on EMR in EMR's own terms, built from the AWS SDK's model classes so the requests are valid
 * by construction: the cluster ({@code aws emr create-cluster}) and the custom JAR steps
 * ({@code aws emr add-steps}), with S3 paths under {@code s3://<bucket>/<prefix>/}.
 */
record EmrPlan(String bucket, String prefix, String region, InstanceType instanceType, int coreNodes,
               String releaseLabel, String kmsKeyId, String runName, boolean threeSteps, int k) {

    String base() {
        return "s3://" + bucket + "/" + prefix;
    }

    String jar() {
        return base() + "/jars/fruits-suite-" + instanceType.tensorflowClassifier + ".jar";
    }

    String model() {
        return "s3a://" + bucket + "/" + prefix + "/model/mobilenet_v2_features.zip";
    }

    String input() {
        return "s3a://" + bucket + "/" + prefix + "/images";
    }

    String output() {
        return "s3a://" + bucket + "/" + prefix + "/runs/" + runName;
    }

    RunJobFlowRequest cluster() {
        return RunJobFlowRequest.builder()
                .name("fruits-" + runName)
                .releaseLabel(releaseLabel)
                .logUri(base() + "/logs/")
                .applications(Application.builder().name("Hadoop").build())
                .serviceRole("EMR_DefaultRole")
                .jobFlowRole("EMR_EC2_DefaultRole")
                .visibleToAllUsers(true)
                .instances(JobFlowInstancesConfig.builder()
                        .instanceGroups(
                                group(InstanceRoleType.MASTER, 1),
                                group(InstanceRoleType.CORE, coreNodes))
                        // The cluster ends with its last step: nothing (and no data) outlives the run.
                        .keepJobFlowAliveWhenNoSteps(false)
                        .terminationProtected(false)
                        .build())
                .configurations(coreSite(), mapredSite())
                .steps(steps())
                .tags(software.amazon.awssdk.services.emr.model.Tag.builder().key("data-residency").value("eu").build())
                .build();
    }

    AddJobFlowStepsRequest addSteps(String clusterId) {
        return AddJobFlowStepsRequest.builder().jobFlowId(clusterId).steps(steps()).build();
    }

    private InstanceGroupConfig group(InstanceRoleType role, int count) {
        return InstanceGroupConfig.builder().name(role.toString().toLowerCase()).instanceRole(role)
                .instanceType(instanceType.name).instanceCount(count).build();
    }

    /** S3A (not EMRFS) for s3a://, its magic committer, the EU region, TLS and server-side encryption. */
    private Configuration coreSite() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        p.put("fs.s3a.endpoint.region", region);
        p.put("fs.s3a.connection.ssl.enabled", "true");
        p.put("fs.s3a.committer.name", "magic");
        p.put("fs.s3a.committer.magic.enabled", "true");
        p.put("mapreduce.outputcommitter.factory.scheme.s3a", "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
        if (kmsKeyId != null) {
            p.put("fs.s3a.encryption.algorithm", "SSE-KMS");
            p.put("fs.s3a.encryption.key", kmsKeyId);
        } else {
            p.put("fs.s3a.encryption.algorithm", "SSE-S3");
        }
        return Configuration.builder().classification("core-site").properties(p).build();
    }

    /** One featurize map per vCPU with TensorFlow on one thread; room outside the heap for TensorFlow. */
    private Configuration mapredSite() {
        int mapMb = instanceType.mapMemoryMb();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mapreduce.map.memory.mb", String.valueOf(mapMb));
        p.put("mapreduce.map.java.opts", "-Xmx" + (mapMb * 2 / 5) + "m");
        p.put("fruits.featurize.tf.threads", "1");
        p.put("mapreduce.map.speculative", "false");
        return Configuration.builder().classification("mapred-site").properties(p).build();
    }

    List<StepConfig> steps() {
        List<StepConfig> steps = new ArrayList<>();
        String features = output() + "/features";
        String pca = output() + "/pca";
        // About 8 MiB of images per map task: several tasks per vCPU, so the cluster stays busy.
        String split = String.valueOf(8L << 20);
        if (threeSteps) {
            steps.add(step("featurize", "featurize", "--input", input(), "--output", features, "--model", model(),
                    "--split-size", split));
            steps.add(step("covariance", "covariance", "--input", features, "--output", pca, "--k", String.valueOf(k),
                    "--reducers", String.valueOf(Math.max(1, coreNodes))));
            steps.add(step("project", "project", "--input", features, "--pca", pca, "--output",
                    output() + "/projected"));
        } else {
            steps.add(step("pipeline", "pipeline", "--input", input(), "--output", output(), "--model", model(),
                    "--k", String.valueOf(k), "--split-size", split, "--reducers", String.valueOf(Math.max(1, coreNodes))));
        }
        return steps;
    }

    private StepConfig step(String name, String... args) {
        return StepConfig.builder().name("fruits " + name)
                .actionOnFailure(ActionOnFailure.TERMINATE_CLUSTER)
                .hadoopJarStep(HadoopJarStepConfig.builder().jar(jar()).args(args).build())
                .build();
    }

    /** The commands that put the jar and the model where the steps expect them. */
    List<String> uploads() {
        return List.of(
                "./mvnw -B -DskipTests package -Dtensorflow.native.classifier=" + instanceType.tensorflowClassifier,
                "aws s3 cp emr-steps/target/fruits-suite.jar " + jar() + " --region " + region
                        + (kmsKeyId == null ? " --sse AES256" : " --sse aws:kms --sse-kms-key-id " + kmsKeyId),
                "(cd ../shared/model/mobilenet_v2_features && zip -qr /tmp/mobilenet_v2_features.zip .)",
                "aws s3 cp /tmp/mobilenet_v2_features.zip " + model().replace("s3a://", "s3://") + " --region " + region
                        + (kmsKeyId == null ? " --sse AES256" : " --sse aws:kms --sse-kms-key-id " + kmsKeyId),
                "aws s3 sync <your images> " + input().replace("s3a://", "s3://") + " --region " + region);
    }
}

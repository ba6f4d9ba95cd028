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
 * A run on EMR in EMR's own terms, built once from the AWS SDK's model classes so the requests are
 * valid by construction: the cluster (RunJobFlow, {@code aws emr create-cluster}) and the custom JAR
 * steps (AddJobFlowSteps, {@code aws emr add-steps}), with S3 paths under {@code s3://<bucket>/<prefix>/}.
 * Everything printed for the user (the submit line, the CLI lines, the uploads) derives from this one
 * record, so no option, and no security setting, is lost on the way.
 */
record EmrPlan(String bucket, String prefix, String region, InstanceType instanceType, int coreNodes,
               String releaseLabel, String kmsKeyId, String runName, boolean threeSteps, int k, boolean allowNonEu) {

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
                // Step logs name the images: with SSE-KMS for the data, the logs are KMS-encrypted too.
                .logEncryptionKmsKeyId(kmsKeyId)
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

    /** Steps for a cluster the user already runs: a failure cancels the run's later steps, never ends the cluster. */
    AddJobFlowStepsRequest addSteps(String clusterId) {
        return AddJobFlowStepsRequest.builder().jobFlowId(clusterId).steps(steps(ActionOnFailure.CANCEL_AND_WAIT)).build();
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

    /** The steps of the run's own cluster: a failed step ends it, so nothing (and no data) outlives the run. */
    List<StepConfig> steps() {
        return steps(ActionOnFailure.TERMINATE_CLUSTER);
    }

    List<StepConfig> steps(ActionOnFailure onFailure) {
        List<StepConfig> steps = new ArrayList<>();
        String features = output() + "/features";
        String pca = output() + "/pca";
        // About 8 MiB of images per map task: several tasks per vCPU, so the cluster stays busy.
        String split = String.valueOf(8L << 20);
        if (threeSteps) {
            steps.add(step(onFailure, "featurize", "featurize", "--input", input(), "--output", output(), "--model", model(),
                    "--split-size", split));
            steps.add(step(onFailure, "covariance", "covariance", "--input", features, "--output", pca, "--k", String.valueOf(k),
                    "--reducers", String.valueOf(Math.max(1, coreNodes))));
            steps.add(step(onFailure, "project", "project", "--input", features, "--pca", pca, "--output",
                    output() + "/projected"));
        } else {
            steps.add(step(onFailure, "pipeline", "pipeline", "--input", input(), "--output", output(), "--model", model(),
                    "--k", String.valueOf(k), "--split-size", split, "--reducers", String.valueOf(Math.max(1, coreNodes))));
        }
        return steps;
    }

    private StepConfig step(ActionOnFailure onFailure, String name, String... args) {
        return StepConfig.builder().name("fruits " + name)
                .actionOnFailure(onFailure)
                .hadoopJarStep(HadoopJarStepConfig.builder().jar(jar()).args(args).build())
                .build();
    }

    /** The commands that put the jar, the model and the photos where the steps expect them, each encrypted as the run is. */
    List<String> uploads() {
        return List.of(
                "./mvnw -B -DskipTests package -Dtensorflow.native.classifier=" + instanceType.tensorflowClassifier,
                "aws s3 cp emr-steps/target/fruits-suite.jar " + jar() + " --region " + region + sse(),
                "(cd ../shared/model/mobilenet_v2_features && zip -qr /tmp/mobilenet_v2_features.zip .)",
                "aws s3 cp /tmp/mobilenet_v2_features.zip " + model().replace("s3a://", "s3://") + " --region " + region + sse(),
                "aws s3 sync <your images> " + input().replace("s3a://", "s3://") + " --region " + region + sse());
    }

    /** The AWS CLI's server-side encryption flags: the plan's KMS key, else SSE-S3. */
    String sse() {
        return kmsKeyId == null ? " --sse AES256" : " --sse aws:kms --sse-kms-key-id " + kmsKeyId;
    }

    /** The arguments of {@code fruits emr submit} that build this very plan again (every option, defaults pinned). */
    List<String> args() {
        List<String> args = new ArrayList<>();
        if (allowNonEu) {
            args.addAll(List.of("-D", com.fruits.common.EuRegionGuard.ALLOW_NON_EU + "=true"));
        }
        args.addAll(List.of("--bucket", bucket, "--prefix", prefix, "--region", region, "--instance-type",
                instanceType.name, "--core-nodes", String.valueOf(coreNodes), "--release", releaseLabel, "--run", runName,
                "--k", String.valueOf(k)));
        if (kmsKeyId != null) {
            args.addAll(List.of("--kms-key", kmsKeyId));
        }
        if (threeSteps) {
            args.add("--three-steps");
        }
        return args;
    }

    /** The steps in the AWS CLI's {@code --steps} JSON (Type, Name, ActionOnFailure, Jar, Args). */
    static List<Map<String, Object>> cliSteps(List<StepConfig> steps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StepConfig step : steps) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Type", "CUSTOM_JAR");
            s.put("Name", step.name());
            s.put("ActionOnFailure", step.actionOnFailureAsString());
            s.put("Jar", step.hadoopJarStep().jar());
            s.put("Args", step.hadoopJarStep().args());
            out.add(s);
        }
        return out;
    }

    /** {@code aws emr create-cluster} with the same request, in the CLI's own syntax; JSON parts are files in {@code dir}. */
    String createClusterCommand(String configurationsFile, String stepsFile) {
        RunJobFlowRequest c = cluster();
        StringBuilder out = new StringBuilder("aws emr create-cluster --region ").append(region)
                .append(" --name ").append(c.name())
                .append(" --release-label ").append(c.releaseLabel())
                .append(" --applications Name=Hadoop")
                .append(" --log-uri ").append(c.logUri());
        if (c.logEncryptionKmsKeyId() != null) {
            out.append(" --log-encryption-kms-key-id ").append(c.logEncryptionKmsKeyId());
        }
        out.append(" --service-role ").append(c.serviceRole())
                .append(" --ec2-attributes InstanceProfile=").append(c.jobFlowRole())
                .append(" --instance-groups");
        for (InstanceGroupConfig g : c.instances().instanceGroups()) {
            out.append(" InstanceGroupType=").append(g.instanceRoleAsString()).append(",InstanceCount=")
                    .append(g.instanceCount()).append(",InstanceType=").append(g.instanceType()).append(",Name=").append(g.name());
        }
        out.append(" --configurations file://").append(configurationsFile)
                .append(" --steps file://").append(stepsFile)
                .append(" --auto-terminate --no-termination-protected")
                .append(" --tags");
        c.tags().forEach(t -> out.append(' ').append(t.key()).append('=').append(t.value()));
        return out.toString();
    }

    /** {@code aws emr add-steps} for a running cluster, in the CLI's own syntax. */
    String addStepsCommand(String stepsFile) {
        return "aws emr add-steps --region " + region + " --cluster-id <j-your-cluster-id> --steps file://" + stepsFile;
    }
}

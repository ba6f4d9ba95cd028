package com.fruits.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepConfig;

@Tag("unit")
class EmrToolTest {

    @TempDir
    Path tmp;

    @Test
    void planWritesRequestsThatParseBackThroughTheSdk() throws Exception {
        Path dir = tmp.resolve("plan");
        assertEquals(0, FruitsCli.run(new Configuration(), new String[] {"emr", "plan", "--bucket", "fruits-eu",
            "--region", "eu-west-3", "--core-nodes", "3", "--run", "r1", "--kms-key", "alias/fruits", "--output",
            dir.toString()}));
        RunJobFlowRequest cluster = EmrTool.JSON.readValue(dir.resolve(EmrTool.CREATE_CLUSTER).toFile(),
                RunJobFlowRequest.serializableBuilderClass()).build();
        assertEquals("emr-7.5.0", cluster.releaseLabel());
        assertEquals(3, cluster.instances().instanceGroups().get(1).instanceCount());
        assertEquals("s3://fruits-eu/fruits/logs/", cluster.logUri());
        StepConfig step = cluster.steps().get(0);
        assertEquals("s3://fruits-eu/fruits/jars/fruits-suite-linux-x86_64.jar", step.hadoopJarStep().jar());
        assertEquals(List.of("pipeline", "--input", "s3a://fruits-eu/fruits/images", "--output",
            "s3a://fruits-eu/fruits/runs/r1", "--model", "s3a://fruits-eu/fruits/model/mobilenet_v2_features.zip",
            "--k", "100", "--split-size", "8388608", "--reducers", "3"), step.hadoopJarStep().args());
        var coreSite = cluster.configurations().get(0).properties();
        assertEquals("eu-west-3", coreSite.get("fs.s3a.endpoint.region"));
        assertEquals("SSE-KMS", coreSite.get("fs.s3a.encryption.algorithm"));
        assertEquals("alias/fruits", coreSite.get("fs.s3a.encryption.key"));
        assertEquals("true", coreSite.get("fs.s3a.connection.ssl.enabled"));
        assertEquals("magic", coreSite.get("fs.s3a.committer.name"));
        // m5.xlarge: 4 vCPUs, 12 GiB for YARN -> 3 GiB per featurize map, TensorFlow on one thread.
        assertEquals("3072", cluster.configurations().get(1).properties().get("mapreduce.map.memory.mb"));

        AddJobFlowStepsRequest steps = EmrTool.JSON.readValue(dir.resolve(EmrTool.ADD_STEPS).toFile(),
                AddJobFlowStepsRequest.serializableBuilderClass()).build();
        assertEquals(cluster.steps(), steps.steps());
    }

    @Test
    void threeStepsAndGravitonJar() {
        Configuration conf = new Configuration();
        conf.set("fruits.emr.bucket", "b");
        conf.set("fruits.emr.region", "eu-central-1");
        conf.set("fruits.emr.instance.type", "m7g.xlarge");
        conf.setBoolean("fruits.emr.three.steps", true);
        conf.set("fruits.emr.run", "r");
        EmrPlan plan = EmrTool.plan(conf);
        List<StepConfig> steps = plan.cluster().steps();
        assertEquals(List.of("fruits featurize", "fruits covariance", "fruits project"),
                steps.stream().map(StepConfig::name).toList());
        assertTrue(steps.get(0).hadoopJarStep().jar().endsWith("fruits-suite-linux-arm64.jar"));
        assertEquals("s3a://b/fruits/runs/r/features", steps.get(1).hadoopJarStep().args().get(2));
    }

    @Test
    void refusesRegionsOutsideTheEu() throws Exception {
        for (String region : List.of("us-east-1", "eu-west-2")) {
            String err = PipelineToolTest.stderrOf(() -> assertEquals(2, FruitsCli.run(new Configuration(),
                    new String[] {"emr", "plan", "--bucket", "b", "--region", region, "--output", tmp.toString()})));
            assertTrue(err.contains("The EMR cluster is in region " + region + ", outside the EU"), err);
        }
        Configuration allowed = new Configuration();
        allowed.setBoolean("fruits.gdpr.allow.non.eu", true);
        assertEquals(0, FruitsCli.run(allowed, new String[] {"emr", "submit", "--dry-run", "--bucket", "b",
            "--region", "us-east-1"}));
    }
}

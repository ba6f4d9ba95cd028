package com.fruits.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.CommandOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepConfig;

@Tag("unit")
class EmrToolTest {

    @TempDir
    Path tmp;

    /** Runs {@code fruits emr plan} and returns what it printed. */
    private String plan(Path dir, String... options) throws Exception {
        String[] args = Stream.concat(Stream.of("emr", "plan", "--output", dir.toString()), Arrays.stream(options))
                .toArray(String[]::new);
        return ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(new Configuration(), args)));
    }

    private static RunJobFlowRequest request(Path dir) throws Exception {
        return EmrTool.JSON.readValue(dir.resolve(EmrTool.RUN_JOB_FLOW).toFile(),
                RunJobFlowRequest.serializableBuilderClass()).build();
    }

    private static String line(String printed, String prefix) {
        return printed.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + printed));
    }

    @Test
    void planWritesRequestsThatParseBackThroughTheSdk() throws Exception {
        Path dir = tmp.resolve("plan");
        plan(dir, "--bucket", "fruits-eu", "--region", "eu-west-3", "--core-nodes", "3", "--run", "r1",
            "--kms-key", "alias/fruits");
        RunJobFlowRequest cluster = request(dir);
        assertEquals("emr-7.12.0", cluster.releaseLabel(), "a supported release with the build's Hadoop 3.4.1");
        assertEquals(3, cluster.instances().instanceGroups().get(1).instanceCount());
        assertEquals("s3://fruits-eu/fruits/logs/", cluster.logUri());
        assertEquals("alias/fruits", cluster.logEncryptionKmsKeyId(), "the logs must be KMS-encrypted like the data");
        StepConfig step = cluster.steps().get(0);
        assertEquals(ActionOnFailure.TERMINATE_CLUSTER, step.actionOnFailure(), "the run's own cluster ends on failure");
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

        AddJobFlowStepsRequest steps = EmrTool.JSON.readValue(dir.resolve(EmrTool.ADD_JOB_FLOW_STEPS).toFile(),
                AddJobFlowStepsRequest.serializableBuilderClass()).build();
        assertEquals(1, steps.steps().size());
        for (StepConfig added : steps.steps()) {
            assertEquals(ActionOnFailure.CANCEL_AND_WAIT, added.actionOnFailure(), "must never terminate the user's cluster");
            assertEquals(step.hadoopJarStep(), added.hadoopJarStep());
        }
    }

    /** Every option of a plan survives the printed submit line: parsed back, it builds the same request. */
    @Test
    void everyPlanOptionSurvivesTheSubmitLine() throws Exception {
        String[][] plans = {
            {"--bucket", "b1", "--region", "eu-west-3", "--kms-key", "arn:aws:kms:eu-west-3:111122223333:key/abc"},
            {"--bucket", "b2", "--region", "eu-central-1", "--three-steps", "--k", "50", "--release", "emr-7.9.0",
                "--instance-type", "m7g.2xlarge", "--core-nodes", "4", "--prefix", "team/fruits", "--run", "nightly"},
            {"--bucket", "b3", "--region", "us-east-1", "-D", "fruits.gdpr.allow.non.eu=true", "--kms-key", "alias/k"},
            {"--bucket", "b4", "--region", "eu-north-1", "--k", "20", "--three-steps", "--kms-key", "alias/x",
                "--core-nodes", "1"}};
        for (String[] options : plans) {
            Path dir = tmp.resolve("plan-" + options[1]);
            String printed = plan(dir, options);
            String submit = line(printed, "bin/fruits emr submit ");
            List<String> args = new ArrayList<>(List.of(submit.substring("bin/fruits emr submit ".length()).split(" ")));
            Configuration again = new Configuration();
            new CommandOptions("emr", "", EmrTool.OPTIONS.keys()).parse(args.toArray(String[]::new), again);
            assertEquals(request(dir), EmrTool.plan(again).cluster(), "the submit line lost an option: " + submit);
            // The photos are uploaded with the same encryption as everything else.
            String sync = line(printed, "aws s3 sync ");
            String kms = Arrays.asList(options).contains("--kms-key")
                    ? options[Arrays.asList(options).indexOf("--kms-key") + 1] : null;
            assertTrue(sync.endsWith(kms == null ? " --sse AES256" : " --sse aws:kms --sse-kms-key-id " + kms), sync);
        }
    }

    /** The printed aws emr command lines, parsed back the way the CLI reads them, give the same requests. */
    @Test
    void cliCommandLinesParseBackToTheSameRequests() throws Exception {
        Path dir = tmp.resolve("cli");
        String printed = plan(dir, "--bucket", "b", "--region", "eu-west-1", "--kms-key", "alias/fruits", "--run", "r",
            "--three-steps");
        RunJobFlowRequest expected = request(dir);
        Map<String, List<String>> create = options(line(printed, "aws emr create-cluster "));
        assertEquals(List.of("eu-west-1"), create.get("--region"));
        RunJobFlowRequest.Builder parsed = RunJobFlowRequest.builder()
                .name(one(create, "--name")).releaseLabel(one(create, "--release-label")).logUri(one(create, "--log-uri"))
                .logEncryptionKmsKeyId(one(create, "--log-encryption-kms-key-id"))
                .serviceRole(one(create, "--service-role"))
                .jobFlowRole(one(create, "--ec2-attributes").replace("InstanceProfile=", ""));
        List<InstanceGroupConfig> groups = new ArrayList<>();
        for (String group : create.get("--instance-groups")) {
            Map<String, String> kv = keyValues(group);
            groups.add(InstanceGroupConfig.builder().name(kv.get("Name")).instanceRole(kv.get("InstanceGroupType"))
                    .instanceType(kv.get("InstanceType")).instanceCount(Integer.parseInt(kv.get("InstanceCount"))).build());
        }
        assertEquals(expected.instances().instanceGroups(), groups);
        assertTrue(create.containsKey("--auto-terminate") && create.containsKey("--no-termination-protected"));
        assertEquals(expected.instances().keepJobFlowAliveWhenNoSteps(), false);
        List<software.amazon.awssdk.services.emr.model.Configuration> configurations = new ArrayList<>();
        for (JsonNode c : EmrTool.JSON.readTree(file(one(create, "--configurations")).toFile())) {
            configurations.add(EmrTool.JSON.treeToValue(c,
                    software.amazon.awssdk.services.emr.model.Configuration.serializableBuilderClass()).build());
        }
        parsed.configurations(configurations).steps(cliSteps(file(one(create, "--steps"))));
        parsed.tags(create.get("--tags").stream().map(t -> software.amazon.awssdk.services.emr.model.Tag.builder()
                .key(t.split("=")[0]).value(t.split("=")[1]).build()).toList());
        RunJobFlowRequest fromCli = parsed.build();
        assertEquals(expected.name(), fromCli.name());
        assertEquals(expected.releaseLabel(), fromCli.releaseLabel());
        assertEquals(expected.logUri(), fromCli.logUri());
        assertEquals("alias/fruits", fromCli.logEncryptionKmsKeyId());
        assertEquals(expected.serviceRole(), fromCli.serviceRole());
        assertEquals(expected.jobFlowRole(), fromCli.jobFlowRole());
        assertEquals(expected.configurations(), fromCli.configurations());
        assertEquals(expected.steps(), fromCli.steps());
        assertEquals(expected.tags(), fromCli.tags());

        Map<String, List<String>> add = options(line(printed, "aws emr add-steps "));
        assertTrue(add.containsKey("--cluster-id"));
        List<StepConfig> added = cliSteps(file(one(add, "--steps")));
        assertEquals(3, added.size());
        for (int i = 0; i < added.size(); i++) {
            assertEquals(ActionOnFailure.CANCEL_AND_WAIT, added.get(i).actionOnFailure());
            assertEquals(expected.steps().get(i).hadoopJarStep(), added.get(i).hadoopJarStep());
        }
    }

    @Test
    void aReleaseWithAnotherHadoopIsWarnedAbout() throws Exception {
        String warned = ConsoleCapture.stderrOf(() -> plan(tmp.resolve("old"), "--bucket", "b", "--region", "eu-west-3",
            "--release", "emr-7.5.0"));
        assertTrue(warned.contains("emr-7.5.0 ships Hadoop 3.4.0, the suite is built and tested on Hadoop 3.4.1"), warned);
        String quiet = ConsoleCapture.stderrOf(() -> plan(tmp.resolve("new"), "--bucket", "b", "--region", "eu-west-3"));
        assertFalse(quiet.contains("warning"), quiet);
        assertNull(EmrRelease.warning("emr-7.8.0"));
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
        // featurize writes the run's features/ and rejected/; the other two read features/ and write beside it.
        assertEquals(List.of("--input", "s3a://b/fruits/images", "--output", "s3a://b/fruits/runs/r"),
                steps.get(0).hadoopJarStep().args().subList(1, 5));
        assertEquals("s3a://b/fruits/runs/r/features", steps.get(1).hadoopJarStep().args().get(2));
    }

    @Test
    void refusesRegionsOutsideTheEu() throws Exception {
        for (String region : List.of("us-east-1", "eu-west-2", "eu-central-2")) {
            String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(new Configuration(),
                    new String[] {"emr", "plan", "--bucket", "b", "--region", region, "--output", tmp.toString()})));
            assertTrue(err.contains("The EMR cluster is in region " + region + ", outside the EU"), err);
        }
        // -D is taken after the command's own options too, not only before them.
        assertEquals(0, FruitsCli.run(new Configuration(), new String[] {"emr", "submit", "--dry-run", "--bucket", "b",
            "--region", "us-east-1", "-D", "fruits.gdpr.allow.non.eu=true"}));
    }

    /** The CLI's options: each {@code --name} with the words after it. */
    private static Map<String, List<String>> options(String commandLine) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> current = null;
        for (String word : commandLine.split(" ")) {
            if (word.startsWith("--")) {
                current = new ArrayList<>();
                options.put(word, current);
            } else if (current != null) {
                current.add(word);
            }
        }
        return options;
    }

    private static String one(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        assertTrue(values != null && values.size() == 1, name + ": " + values);
        return values.get(0);
    }

    private static Map<String, String> keyValues(String shorthand) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : shorthand.split(",")) {
            kv.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return kv;
    }

    private static Path file(String uri) {
        assertTrue(uri.startsWith("file://"), uri);
        Path path = Path.of(uri.substring("file://".length()));
        assertTrue(Files.isRegularFile(path), uri);
        return path;
    }

    /** The CLI's --steps JSON (Type, Name, ActionOnFailure, Jar, Args) as the API's StepConfig. */
    private static List<StepConfig> cliSteps(Path file) throws Exception {
        List<StepConfig> steps = new ArrayList<>();
        for (JsonNode s : EmrTool.JSON.readTree(file.toFile())) {
            assertEquals("CUSTOM_JAR", s.get("Type").asText());
            List<String> args = new ArrayList<>();
            s.get("Args").forEach(a -> args.add(a.asText()));
            steps.add(StepConfig.builder().name(s.get("Name").asText()).actionOnFailure(s.get("ActionOnFailure").asText())
                    .hadoopJarStep(HadoopJarStepConfig.builder().jar(s.get("Jar").asText()).args(args).build()).build());
        }
        return steps;
    }
}

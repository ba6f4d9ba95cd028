package com.fruits.emr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fruits.common.CommandOptions;
import com.fruits.common.EuRegionGuard;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.UsageException;
import com.fruits.pca.PcaConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.RunJobFlowResponse;

/**
 * {@code fruits emr plan|submit}: the EMR cluster and steps for a run. {@code plan} writes the EMR API
 * requests (RunJobFlow and AddJobFlowSteps, as the SDKs and boto3's {@code run_job_flow(**request)}
 * take them) and the equivalent {@code aws emr create-cluster} / {@code add-steps} command lines with
 * their JSON files; {@code submit} sends the same RunJobFlow request with the AWS SDK. EU regions only.
 */
public class EmrTool extends Configured implements Tool {
    static final String RUN_JOB_FLOW = "run-job-flow.json";
    static final String ADD_JOB_FLOW_STEPS = "add-job-flow-steps.json";
    static final String CLI_CONFIGURATIONS = "configurations.json";
    static final String CLI_STEPS = "steps.json";
    static final String CLI_ADD_STEPS = "add-steps.json";
    public static final CommandOptions OPTIONS = new CommandOptions("emr",
            "plan: writes the EMR API requests (run-job-flow.json, add-job-flow-steps.json) and the AWS CLI's\n"
                    + "configurations.json, steps.json, add-steps.json to --output (default emr-plan/), and prints the\n"
                    + "uploads, the submit line and the aws emr command lines. submit: creates the cluster with its steps\n"
                    + "(--dry-run: shows the request).",
            List.of(EmrConfigKeys.BUCKET, EmrConfigKeys.PREFIX, EmrConfigKeys.REGION,
                    EmrConfigKeys.INSTANCE_TYPE, EmrConfigKeys.CORE_NODES, EmrConfigKeys.RELEASE,
                    EmrConfigKeys.KMS_KEY, EmrConfigKeys.RUN, EmrConfigKeys.THREE_STEPS,
                    PcaConfigKeys.K, RunConfigKeys.OUTPUT, EmrConfigKeys.DRY_RUN));

    /** The AWS CLI's JSON: PascalCase members, absent values left out; parses back through the SDK builders. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("plan") || args[0].equals("submit") || args[0].startsWith("-"))) {
            throw new UsageException("say 'fruits emr plan' or 'fruits emr submit' (see fruits emr --help)");
        }
        Configuration conf = getConf();
        if (!OPTIONS.parse(args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length), conf)) {
            return 0;
        }
        EmrPlan plan = plan(conf);
        String warning = EmrRelease.warning(plan.releaseLabel());
        if (warning != null) {
            System.err.println("emr: " + warning);
        }
        RunJobFlowRequest cluster = plan.cluster();
        if (args[0].equals("plan")) {
            Path dir = Path.of(conf.get(RunConfigKeys.OUTPUT.property(), "emr-plan"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(RUN_JOB_FLOW), JSON.writeValueAsString(cluster.toBuilder()));
            Files.writeString(dir.resolve(ADD_JOB_FLOW_STEPS), JSON.writeValueAsString(plan.addSteps("j-XXXXXXXXXXXXX").toBuilder()));
            Files.writeString(dir.resolve(CLI_CONFIGURATIONS), JSON.writeValueAsString(cluster.configurations().stream()
                    .map(software.amazon.awssdk.services.emr.model.Configuration::toBuilder).toList()));
            Files.writeString(dir.resolve(CLI_STEPS), JSON.writeValueAsString(EmrPlan.cliSteps(cluster.steps())));
            Files.writeString(dir.resolve(CLI_ADD_STEPS), JSON.writeValueAsString(
                    EmrPlan.cliSteps(plan.addSteps("j-XXXXXXXXXXXXX").steps())));
            System.out.println(describe(plan, dir));
            return 0;
        }
        if (EmrConfigKeys.DRY_RUN.getBoolean(conf)) {
            System.out.println("Dry run: would send to EMR in " + plan.region() + ":\n"
                    + JSON.writeValueAsString(cluster.toBuilder()));
            return 0;
        }
        try {
            DefaultCredentialsProvider.create().resolveCredentials();
        } catch (RuntimeException e) {
            throw new UsageException("No AWS credentials were found (" + e.getMessage().split("\\.")[0]
                    + "); configure them, or use 'fruits emr plan' and the AWS CLI");
        }
        try (EmrClient emr = EmrClient.builder().region(Region.of(plan.region())).build()) {
            RunJobFlowResponse response = emr.runJobFlow(cluster);
            System.out.println("Cluster " + response.jobFlowId() + " started in " + plan.region() + "; results will be in "
                    + plan.output() + "/projected");
        }
        return 0;
    }

    static EmrPlan plan(Configuration conf) {
        String region = EmrConfigKeys.REGION.require(conf);
        EuRegionGuard.checkRegion(region, "The EMR cluster", conf);
        String run = conf.get(EmrConfigKeys.RUN.property(),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int coreNodes = EmrConfigKeys.CORE_NODES.getInt(conf);
        if (coreNodes < 1) {
            throw new UsageException("--core-nodes must be at least 1");
        }
        return new EmrPlan(EmrConfigKeys.BUCKET.require(conf), EmrConfigKeys.PREFIX.get(conf), region,
                InstanceType.of(EmrConfigKeys.INSTANCE_TYPE.get(conf)), coreNodes,
                EmrConfigKeys.RELEASE.get(conf), EmrConfigKeys.KMS_KEY.get(conf), run,
                EmrConfigKeys.THREE_STEPS.getBoolean(conf), PcaConfigKeys.K.getInt(conf),
                conf.getBoolean(EuRegionGuard.ALLOW_NON_EU, false));
    }

    private static String describe(EmrPlan plan, Path dir) {
        StringBuilder out = new StringBuilder();
        out.append("# 1. Upload the jar, the model and the photos (encrypted at rest, region ").append(plan.region()).append("):\n");
        plan.uploads().forEach(c -> out.append(c).append('\n'));
        out.append("\n# 2. Create the cluster; it runs the steps and terminates. Either with this suite (same plan):\n")
                .append("bin/fruits emr submit ").append(String.join(" ", plan.args())).append('\n')
                .append("#    or with the AWS CLI:\n")
                .append(plan.createClusterCommand(dir.resolve(CLI_CONFIGURATIONS).toString(), dir.resolve(CLI_STEPS).toString()))
                .append("\n#    or with any AWS SDK: ").append(dir.resolve(RUN_JOB_FLOW))
                .append(" is the RunJobFlow request (boto3: emr.run_job_flow(**request)).\n")
                .append("\n# 2b. Or add the steps to a cluster you already run (a failed step cancels the rest, the cluster stays):\n")
                .append(plan.addStepsCommand(dir.resolve(CLI_ADD_STEPS).toString()))
                .append("\n#    (API: ").append(dir.resolve(ADD_JOB_FLOW_STEPS)).append(", with your cluster's id in JobFlowId)\n")
                .append("\n# 3. Results: ").append(plan.output()).append("/projected/*.parquet\n");
        return out.toString();
    }
}

package com.fruits.cli;

import com.fruits.bench.BenchmarkTool;
import com.fruits.bench.PhotosTool;
import com.fruits.common.CommandOptions;
import com.fruits.common.JobFailure;
import com.fruits.common.JobJar;
import com.fruits.common.JobProgress;
import com.fruits.common.NioLocalFileSystem;
import com.fruits.common.UsageException;
import com.fruits.emr.EmrTool;
import com.fruits.evaluate.EvaluateTool;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.InferenceCeiling;
import com.fruits.featurize.model.ModelTool;
import com.fruits.gdpr.EraseTool;
import com.fruits.gdpr.ExportTool;
import com.fruits.gdpr.RectifyTool;
import com.fruits.gdpr.RetentionTool;
import com.fruits.pca.CovarianceJob;
import com.fruits.pca.ProjectionJob;
import com.fruits.pipeline.PipelineTool;
import com.fruits.serve.ServeTool;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's single entry point, the jar's main class: {@code fruits <command> [options]}, for
 * {@code hadoop jar fruits-suite.jar}, EMR custom JAR steps and {@code bin/fruits}. Each command is
 * a Hadoop {@link Tool}; a user mistake ends with one sentence and exit code 2.
 */
public final class FruitsCli {
    public static final int USAGE_ERROR = 2;

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("demo", new Command(DemoTool::new, () -> DemoTool.OPTIONS,
                "a first run on the bundled Fruits-360 sample, nothing to prepare"));
        COMMANDS.put("pipeline", new Command(PipelineTool::new, () -> PipelineTool.OPTIONS,
                "featurize, fit the PCA and project, in one run"));
        COMMANDS.put("featurize", new Command(FeaturizeJob::new, () -> FeaturizeJob.OPTIONS,
                "images to MobileNetV2 1280-d vectors (job 1)"));
        COMMANDS.put("covariance", new Command(CovarianceJob::new, () -> CovarianceJob.OPTIONS,
                "covariance and PCA model of the vectors (job 2)"));
        COMMANDS.put("project", new Command(ProjectionJob::new, () -> ProjectionJob.OPTIONS,
                "project the vectors to k dimensions, as Parquet (job 3)"));
        COMMANDS.put("evaluate", new Command(EvaluateTool::new, () -> EvaluateTool.OPTIONS,
                "classify one run's vectors against another's, accuracy"));
        COMMANDS.put("serve", new Command(ServeTool::new, () -> ServeTool.OPTIONS,
                "answer photos over HTTP: vector, projection, nearest labels"));
        COMMANDS.put("erase", new Command(EraseTool::new, () -> EraseTool.OPTIONS,
                "GDPR: remove a subject's or one image's data from every output"));
        COMMANDS.put("export", new Command(ExportTool::new, () -> ExportTool.OPTIONS,
                "GDPR: everything held about a subject, as readable JSON"));
        COMMANDS.put("rectify", new Command(RectifyTool::new, () -> RectifyTool.OPTIONS,
                "GDPR: correct an image's label in every output"));
        COMMANDS.put("retention", new Command(RetentionTool::new, () -> RetentionTool.OPTIONS,
                "GDPR: remove what was collected before the retention period"));
        COMMANDS.put("model", new Command(ModelTool::new, () -> ModelTool.OPTIONS,
                "fetch the official Keras MobileNetV2 weights, build the model"));
        COMMANDS.put("emr", new Command(EmrTool::new, () -> EmrTool.OPTIONS,
                "plan or submit a run on Amazon EMR (EU regions only)"));
        COMMANDS.put("ceiling", new Command(InferenceCeiling::new, () -> InferenceCeiling.OPTIONS,
                "measure decode + resize and bare inference speed"));
        COMMANDS.put("bench", new Command(BenchmarkTool::new, () -> BenchmarkTool.OPTIONS,
                "time every stage at several sizes; CSV, Markdown and chart"));
        COMMANDS.put("photos", new Command(PhotosTool::new, () -> PhotosTool.OPTIONS,
                "make phone-sized benchmark photos from Fruits-360 tiles"));
    }

    /** Routed to the log file only (conf/log4j.properties): the stack traces behind one-sentence errors. */
    private static final Logger FAILURES = LoggerFactory.getLogger("fruits.failures");

    /**
     * A command: its tool, made fresh per run, and its options (help text, docs/options.md), both reached only
     * when asked for: initialising every command's classes would cost each command a few tenths of a second.
     */
    private record Command(Supplier<Tool> tool, Supplier<CommandOptions> options, String summary) {
    }

    private FruitsCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(new Configuration(), args));
    }

    /** Runs one command; returns its exit code (0 success, 1 job failure, 2 usage error). */
    public static int run(Configuration conf, String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(usage());
            return args.length == 0 ? USAGE_ERROR : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            System.err.println("fruits: '" + args[0] + "' is not a command; the commands are "
                    + String.join(", ", COMMANDS.keySet()) + " (fruits --help).");
            return USAGE_ERROR;
        }
        String[] rest = Arrays.stream(args).skip(1).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        if (rest.length < args.length - 1) {
            verbose(conf);
        }
        perUserScratch(conf);
        localFileSystem(conf);
        try {
            return ToolRunner.run(conf, command.tool().get(), rest);
        } catch (UsageException e) {
            System.err.println("fruits " + args[0] + ": " + e.getMessage() + ".");
            return USAGE_ERROR;
        } catch (IOException e) {
            if (!JobFailure.actionable(e)) {
                throw e; // our bug, not the user's situation: the whole stack trace
            }
            FAILURES.error("fruits " + args[0] + " failed", e);
            String log = System.getProperty("fruits.log.file");
            System.err.println("fruits " + args[0] + ": " + JobFailure.sentence(e) + "."
                    + (log == null ? "" : " The stack trace is in " + log + "."));
            return 1;
        }
    }

    /**
     * The local job runner stages jobs under one fixed folder, {@code /tmp/hadoop/mapred/staging}, whoever
     * runs them: the first user to run a job owns it and every other user's job fails. Under
     * {@code hadoop.tmp.dir} (by default {@code /tmp/hadoop-<user>}) each user has their own, and each job
     * its own folder in it; a cluster's setting, or a {@code -D}, is left as it is.
     */
    private static void perUserScratch(Configuration conf) {
        conf.setIfUnset("mapreduce.jobtracker.staging.root.dir", "${hadoop.tmp.dir}/mapred/staging");
    }

    /**
     * On the local job runner (bin/fruits, no cluster), Hadoop's local file system without Hadoop's native library
     * forks a process per permission call: {@link NioLocalFileSystem} makes them java.nio calls. A cluster's nodes
     * have the native library (and their own settings), and a job there is left as it is.
     */
    private static void localFileSystem(Configuration conf) {
        if (JobJar.localRunner(conf)) {
            conf.setIfUnset("fs.file.impl", NioLocalFileSystem.class.getName());
        }
    }

    /**
     * {@code --verbose}, accepted by every command: Hadoop's job log (tracking URL, map progress) and each
     * job's counters on the console too, not only in the log file.
     */
    private static void verbose(Configuration conf) {
        conf.setBoolean(JobProgress.VERBOSE, true);
        org.apache.log4j.Appender console = org.apache.log4j.Logger.getRootLogger().getAppender("console");
        org.apache.log4j.Logger job = org.apache.log4j.Logger.getLogger(org.apache.hadoop.mapreduce.Job.class);
        if (console != null && job.getAppender("console") == null) {
            job.addAppender(console);
        }
    }

    /** docs/options.md: every command's options, generated from each command's {@link com.fruits.common.ConfigKey} enums. */
    static String optionsDoc() throws Exception {
        StringBuilder out = new StringBuilder("# Options of every command\n\nGenerated from each job's and command's `*ConfigKeys` enum "
                + "(`FruitsCliTest` fails when this file is stale; `-Dfruits.writeDocs=true` rewrites it).\n"
                + "Every option is also a Hadoop property: `-D <property>=<value>` before the command's own options.\n\n");
        for (Map.Entry<String, Command> entry : COMMANDS.entrySet()) {
            out.append(entry.getValue().options().get().markdown());
        }
        return out.toString();
    }

    static String usage() {
        StringBuilder out = new StringBuilder("Usage: fruits <command> [generic options] [options]\n\nCommands:\n");
        COMMANDS.forEach((name, c) -> out.append(String.format("  %-12s %s%n", name, c.summary())));
        out.append("\n'fruits <command> --help' lists a command's options. Generic options (-D, -conf, -files,\n"
                + "-libjars, -archives) come before the command's own. --verbose, anywhere: Hadoop's job log and\n"
                + "counters on the console too (they are always in the log file).\n");
        return out.toString();
    }
}

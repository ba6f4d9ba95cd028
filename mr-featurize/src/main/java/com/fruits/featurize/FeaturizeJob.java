package com.fruits.featurize;

import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureRow;
import com.fruits.common.JobJar;
import com.fruits.common.JobProgress;
import com.fruits.common.Lineage;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.S3ACommitters;
import com.fruits.featurize.FeaturizeCounters;
import com.fruits.featurize.image.ImageDecoder;
import com.fruits.featurize.onnx.OnnxConversion;
import com.fruits.featurize.onnx.OnnxRuntimeNatives;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.apache.parquet.hadoop.ParquetOutputFormat;

/**
 * Job 1, {@code fruits featurize}: a folder of {@code <Label>/<image>} files to Parquet rows of
 * (path, label, MobileNetV2 1280-d vector) in {@code features/}, map-only, and beside it a
 * {@code rejected/} listing of the files that could not be read.
 */
public class FeaturizeJob extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("featurize",
            "Reads every image under --input, resizes and preprocesses it exactly like the Keras original,\n"
                    + "runs MobileNetV2 and writes (path, label, features float[1280]) as Parquet to --output/features,\n"
                    + "and the files it could not read, with the reason, to --output/rejected.",
            List.of(RunConfigKeys.INPUT, RunConfigKeys.OUTPUT, FeaturizeConfigKeys.MODEL,
                    FeaturizeConfigKeys.ENGINE, FeaturizeConfigKeys.KERAS_WEIGHTS, FeaturizeConfigKeys.BATCH_SIZE, FeaturizeConfigKeys.TF_THREADS, FeaturizeConfigKeys.SPLIT_SIZE,
                    FeaturizeConfigKeys.DECODE, FeaturizeConfigKeys.ORIENTATION, FeaturizeConfigKeys.MAX_PIXELS, FeaturizeConfigKeys.MAX_REJECTED_RATIO,
                    RunConfigKeys.LIMIT, RunConfigKeys.OVERWRITE));

    /** Builds the job; the model named by {@code fruits.model} is shipped through the distributed cache. */
    public static Job createJob(Configuration conf, Path input, Path output) throws IOException {
        Job job = Job.getInstance(conf, "fruits featurize " + input);
        JobJar.set(job, FeaturizeJob.class);
        Configuration jobConf = job.getConfiguration();
        jobConf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
        Lineage.set(jobConf, Lineage.SUITE_VERSION, Lineage.suiteVersion());
        Lineage.set(jobConf, Lineage.CREATED, java.time.Instant.now().toString());
        Lineage.set(jobConf, Lineage.INPUT, input.getFileSystem(conf).makeQualified(input).toString());
        FeaturizeConfigKeys.reading(conf).record((key, value) -> Lineage.set(jobConf, key, value));
        // The tombstones of the run the vectors go into (the batch folder's run for an incremental batch).
        jobConf.setIfUnset(InputIndex.TOMBSTONES_OF, output.getParent().toString());
        if (Lineage.get(jobConf, ModelCheck.ENGINE) == null) {
            Lineage.set(jobConf, ModelCheck.ENGINE, FeaturizeConfigKeys.ENGINE.get(conf)); // a job built without the driver's check
        }
        if (jobConf.get(FeaturizeConfigKeys.SPLIT_SIZE.property()) == null) {
            if (JobJar.local(jobConf)) {
                useEveryCoreLocally(jobConf);
            } else {
                jobConf.set(FeaturizeConfigKeys.SPLIT_SIZE.property(), FeaturizeConfigKeys.SPLIT_SIZE.defaultValue());
            }
        }
        if (!JobJar.local(jobConf) && FeaturizeConfigKeys.TF_THREADS.getInt(jobConf) == 0) {
            // On a cluster YARN runs one map container per vCPU: one inference thread each, as on EMR
            // (bench: N single-threaded processes beat one process on N cores, with either engine).
            jobConf.setInt(FeaturizeConfigKeys.TF_THREADS.property(), 1);
        }
        // Each task holds a whole model and uses every core for it: a retried or speculative copy
        // only doubles the load, and the output committer already makes retries safe.
        jobConf.setBoolean("mapreduce.map.speculative", false);
        job.setInputFormatClass(WholeFileInputFormat.class);
        FileInputFormat.addInputPath(job, input);
        job.setMapperClass(FeaturizeMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(Void.class);
        job.setOutputValueClass(FeatureRow.class);
        job.setOutputFormatClass(FeatureVectorOutputFormat.class);
        jobConf.setIfUnset(ParquetOutputFormat.COMPRESSION, RunConfigKeys.COMPRESSION.defaultValue());
        jobConf.set(ParquetOutputFormat.JOB_SUMMARY_LEVEL, "NONE"); // one self-describing file per task
        // 1280 distinct floats a row never fit a dictionary: trying one first made writing 1.9x slower.
        jobConf.setIfUnset(ParquetOutputFormat.ENABLE_DICTIONARY + "#features.list.element", "false");
        S3ACommitters.configure(jobConf);
        FileOutputFormat.setOutputPath(job, output);
        jobConf.set(InputIndex.BATCH, InputIndex.batchId());
        jobConf.set(FeaturizeMapper.INPUT_ROOT, input.getFileSystem(conf).makeQualified(input).toString());
        MultipleOutputs.addNamedOutput(job, FeaturizeMapper.REJECTED, TextOutputFormat.class, Text.class, Text.class);
        MultipleOutputs.addNamedOutput(job, FeaturizeMapper.CONTENT, TextOutputFormat.class, Text.class, Text.class);
        if (OnnxConversion.wanted(jobConf) && jobConf.get(ModelCheck.ONNX_FILE) == null) {
            ModelCheck.loadable(jobConf, input); // a job built without the commands' check: convert it here
        }
        ModelCache.ship(job);
        return job;
    }

    /**
     * The local job runner's counterpart of one single-threaded map per vCPU on a cluster: one map per
     * core, run side by side, each with one inference thread (measured faster than one map using every
     * core), each with the same number of images so that they finish together. Unless --split-size or
     * --tf-threads say otherwise.
     */
    private static void useEveryCoreLocally(Configuration jobConf) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores == 1 || FeaturizeConfigKeys.TF_THREADS.getInt(jobConf) != 0) {
            jobConf.set(FeaturizeConfigKeys.SPLIT_SIZE.property(), String.valueOf(Long.MAX_VALUE));
            return;
        }
        jobConf.setInt(WholeFileInputFormat.SPLITS, cores);
        jobConf.setIfUnset("mapreduce.local.map.tasks.maximum", String.valueOf(cores));
        jobConf.setInt(FeaturizeConfigKeys.TF_THREADS.property(), 1);
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path input = RunFolders.input(conf);
        RunFolders.checkOutputFree(conf, OPTIONS);
        ModelCheck.loadable(conf, input);
        try (RunFolders.Claim output = RunFolders.output(conf, OPTIONS)) {
            if (featurize(conf, input, new Path(output.folder(), RunFolders.FEATURES)) == null) {
                return 1;
            }
            output.complete();
            return 0;
        }
    }

    /**
     * Runs the job into {@code features} (rejected files go to the sibling {@code rejected/}), records its
     * lineage beside the vectors and prints its summary; returns the summary, or null when the job failed or
     * rejected more than {@code --max-rejected-ratio} of its input.
     */
    public static FeaturizeSummary featurize(Configuration conf, Path input, Path output) throws Exception {
        if (JobJar.localRunner(conf)) {
            // The local runner's tasks run in this JVM: their natives (libjpeg-turbo's, ONNX Runtime's) load on an
            // idle core while the job is listed and submitted, not on the first task's path.
            ImageDecoder.loadNativesInBackground();
            if (OnnxConversion.wanted(conf)) {
                OnnxRuntimeNatives.loadInBackground(conf);
            }
        }
        Job job = createJob(conf, input, output);
        long start = System.currentTimeMillis();
        if (!JobProgress.run(job, "featurize", FeaturizeCounters.IMAGES_READ, "images")) {
            return null;
        }
        String batch = job.getConfiguration().get(InputIndex.BATCH);
        FeaturizeSummary summary = FeaturizeSummary.of(job, System.currentTimeMillis() - start)
                .plus(InputIndex.listingRejections(conf, output, batch));
        System.out.println(summary + "; engine " + Lineage.get(job.getConfiguration(), ModelCheck.ENGINE));
        String refusal = summary.rejectionFailure(FeaturizeConfigKeys.MAX_REJECTED_RATIO.getDouble(conf),
                InputIndex.rejectedBeside(output));
        if (refusal != null) {
            InputIndex.publishRejected(conf, output, batch);
            output.getFileSystem(conf).delete(new Path(output, FeaturizeMapper.CONTENT_STAGING), true); // names paths
            System.err.println(refusal);
            return null; // not committed: the next --incremental redoes this featurize job
        }
        Lineage.write(job.getConfiguration(), output);
        InputIndex.commit(conf, output, batch);
        return summary;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new FeaturizeJob(), args));
    }
}

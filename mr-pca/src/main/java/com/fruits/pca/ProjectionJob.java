package com.fruits.pca;

import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureParquetInputFormat;
import com.fruits.common.JobJar;
import com.fruits.common.JobProgress;
import com.fruits.common.Lineage;
import com.fruits.common.ParquetEncryption;
import com.fruits.common.PcaCounters;
import com.fruits.common.ProjectedRow;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.S3ACommitters;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.apache.parquet.hadoop.ParquetOutputFormat;

/**
 * Job 3, {@code fruits project}: map-only projection of every feature vector onto the PCA model's
 * components, written as Parquet ({@code path}, {@code label}, {@code pca_features}).
 */
public class ProjectionJob extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("project",
            "Projects the feature vectors in --input (a featurize output) onto the PCA model in --pca and writes\n"
                    + "Parquet (path, label, pca_features: list<double>) to --output.",
            List.of(RunConfigKeys.INPUT, PcaConfigKeys.PCA, RunConfigKeys.OUTPUT, PcaConfigKeys.CENTER,
                    RunConfigKeys.SUBJECT_COLUMN, RunConfigKeys.SUBJECTS, RunConfigKeys.COMPRESSION,
                    RunConfigKeys.ENCRYPTION_KEY, RunConfigKeys.OVERWRITE));

    public static Job createJob(Configuration conf, Path features, Path pca, Path output) throws IOException {
        Job job = Job.getInstance(conf, "fruits project " + features);
        JobJar.setWithoutEngines(job, ProjectionJob.class);
        Configuration jobConf = job.getConfiguration();
        FileSystem fs = pca.getFileSystem(conf);
        for (String name : List.of(PcaModelFiles.COMPONENTS, PcaModelFiles.STATS)) {
            Path file = fs.makeQualified(new Path(pca, name));
            if (!fs.exists(file)) {
                throw new com.fruits.common.UsageException("No PCA model in " + pca + " (" + name
                        + " is missing); give --pca the output of 'fruits covariance'");
            }
            job.addCacheFile(file.toUri());
        }
        if (RunConfigKeys.SUBJECT_COLUMN.getBoolean(conf)) {
            Path manifest = new Path(RunConfigKeys.SUBJECTS.require(conf));
            job.addCacheFile(manifest.getFileSystem(conf).makeQualified(manifest).toUri());
        }
        jobConf.setIfUnset(ParquetOutputFormat.COMPRESSION, RunConfigKeys.COMPRESSION.defaultValue());
        // One self-describing file per task; no _metadata summary to go stale.
        jobConf.set(ParquetOutputFormat.JOB_SUMMARY_LEVEL, "NONE");
        ParquetEncryption.forWriting(jobConf);
        // Lineage of the Parquet: the PCA model's (feature-model fingerprint, model id, k), plus this run's.
        PcaModelFiles.lineage(pca, conf).forEach((key, value) -> Lineage.set(jobConf, key, value));
        Lineage.set(jobConf, Lineage.PCA_CENTERED, String.valueOf(PcaConfigKeys.CENTER.getBoolean(conf)));
        Lineage.set(jobConf, Lineage.SUITE_VERSION, Lineage.suiteVersion());
        Lineage.set(jobConf, Lineage.CREATED, Instant.now().toString());
        FeatureFiles.checkLayout(conf, features);
        job.setInputFormatClass(FeatureParquetInputFormat.class);
        FileInputFormat.setInputPaths(job, new Path(features, FeatureFiles.GLOB));
        job.setMapperClass(ProjectionMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(Void.class);
        job.setOutputValueClass(ProjectedRow.class);
        job.setOutputFormatClass(ProjectedParquetOutputFormat.class);
        S3ACommitters.configure(jobConf);
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path input = RunFolders.input(conf);
        Path pca = new Path(PcaConfigKeys.PCA.require(conf));
        try (RunFolders.Claim output = RunFolders.output(conf, OPTIONS)) {
            if (!project(conf, input, pca, output.folder())) {
                return 1;
            }
            output.complete();
            return 0;
        }
    }

    /** Runs the projection, showing its progress; false when the job failed. */
    public static boolean project(Configuration conf, Path features, Path pca, Path output) throws Exception {
        return JobProgress.run(createJob(conf, features, pca, output), "project", PcaCounters.VECTORS_PROJECTED, "vectors");
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new ProjectionJob(), args));
    }
}

package com.fruits.pca;

import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureParquetInputFormat;
import com.fruits.common.FeatureRow;
import com.fruits.common.JobJar;
import com.fruits.common.JobProgress;
import com.fruits.common.Lineage;
import com.fruits.common.PcaCounters;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.S3ACommitters;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Job 2, {@code fruits covariance}: the covariance of all feature vectors by reducer aggregation,
 * then, in the driver, its top-k eigenvectors with Mahout math, written as a PCA model folder.
 */
public class CovarianceJob extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("covariance",
            "Computes the covariance of the feature vectors in --input (a featurize output), keeps its top --k\n"
                    + "eigenvectors and writes the PCA model (components.parquet, stats.parquet and spark/, Spark ML's\n"
                    + "PCAModel layout) to --output; prints the explained variance per component.",
            List.of(RunConfigKeys.INPUT, RunConfigKeys.OUTPUT, PcaConfigKeys.K,
                    PcaConfigKeys.COVARIANCE_REDUCERS, RunConfigKeys.OVERWRITE));
    /** Sub-folder of the output where the reducers write the merged scatter blocks (removed after the fit). */
    static final String SCATTER = "_scatter";

    /** The MapReduce part: the Parquet vectors of a features folder to merged scatter-matrix row blocks. */
    public static Job createJob(Configuration conf, Path features, Path scatterOutput) throws IOException {
        FeatureFiles.checkLayout(conf, features);
        return createJob(conf, List.of(new Path(features, FeatureFiles.GLOB)), scatterOutput);
    }

    /** The same for some vector files (or globs) only. */
    public static Job createJob(Configuration conf, List<Path> vectorFiles, Path scatterOutput) throws IOException {
        Job job = Job.getInstance(conf, "fruits covariance " + vectorFiles.get(0).getParent());
        JobJar.setWithoutEngines(job, CovarianceJob.class);
        // Local runs: accumulate several splits at once (there is no model to share the cores with).
        job.getConfiguration().setIfUnset("mapreduce.local.map.tasks.maximum",
                String.valueOf(Runtime.getRuntime().availableProcessors()));
        job.setInputFormatClass(FeatureParquetInputFormat.class);
        FileInputFormat.setInputPaths(job, vectorFiles.toArray(new Path[0]));
        job.setMapperClass(CovarianceMapper.class);
        job.setReducerClass(CovarianceReducer.class);
        job.setNumReduceTasks(Math.max(1, PcaConfigKeys.COVARIANCE_REDUCERS.getInt(conf)));
        job.setMapOutputKeyClass(IntWritable.class);
        job.setMapOutputValueClass(CovariancePartial.class);
        job.setOutputKeyClass(IntWritable.class);
        job.setOutputValueClass(CovariancePartial.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        S3ACommitters.configure(job.getConfiguration(), "directory");
        FileOutputFormat.setOutputPath(job, scatterOutput);
        return job;
    }

    /**
     * Runs the job into {@code output/_scatter}, fits the PCA and writes it to {@code output};
     * returns the model, or null when the job failed.
     */
    public static PcaModel computePca(Configuration conf, Path features, Path output) throws Exception {
        return runCovariance(conf, features, output) ? fitAndWrite(conf, features, output) : null;
    }

    /** The MapReduce part alone: the scatter matrix of the vectors, by row blocks, into {@code output/_scatter}. */
    public static boolean runCovariance(Configuration conf, Path features, Path output) throws Exception {
        return run(createJob(conf, features, new Path(output, SCATTER)));
    }

    private static boolean run(Job job) throws Exception {
        return JobProgress.run(job, "covariance", PcaCounters.VECTORS_ACCUMULATED, "vectors");
    }

    /**
     * The pipeline's fit: the job reads only the vector files that the statistics kept beside them
     * ({@link KeptScatter}) do not cover, merges them in, fits the PCA into {@code output} and keeps the
     * merged statistics for the next refit. Returns the model, or null when the job failed.
     */
    public static PcaModel refit(Configuration conf, Path features, Path output) throws Exception {
        KeptScatter.Coverage coverage = KeptScatter.of(conf, features);
        CovariancePartial all = coverage.kept();
        long kept = all.n();
        if (!coverage.complete()) {
            Path scatter = new Path(output, SCATTER);
            if (!run(createJob(conf, coverage.uncovered(), scatter))) {
                return null;
            }
            all.merge(readScatter(conf, scatter));
        }
        if (kept > 0) {
            System.out.printf(Locale.ROOT, "covariance: %d vectors read, merged with the statistics kept of %d%n",
                    all.n() - kept, kept);
        }
        PcaModel model = fitAndWrite(conf, features, output, all);
        KeptScatter.write(conf, features, all, coverage.files());
        return model;
    }

    /** The driver's part: eigen-decomposition of {@code output/_scatter}, the model written to {@code output}. */
    public static PcaModel fitAndWrite(Configuration conf, Path features, Path output) throws IOException {
        return fitAndWrite(conf, features, output, readScatter(conf, new Path(output, SCATTER)));
    }

    private static PcaModel fitAndWrite(Configuration conf, Path features, Path output, CovariancePartial all)
            throws IOException {
        long start = System.nanoTime();
        PcaModel model = fit(all, PcaConfigKeys.K.getInt(conf));
        // The model inherits the lineage of the vectors it was fitted on (feature-model fingerprint).
        Configuration lineage = new Configuration(conf);
        Lineage.read(conf, features).forEach((key, value) -> Lineage.set(lineage, key, value));
        Lineage.set(lineage, Lineage.SUITE_VERSION, Lineage.suiteVersion());
        Lineage.set(lineage, Lineage.CREATED, java.time.Instant.now().toString());
        System.out.printf(Locale.ROOT, "covariance: %d vectors, eigen-decomposition %.2f s%n",
                model.n(), (System.nanoTime() - start) / 1e9);
        PcaModelFiles.write(model, output, lineage);
        // Only the model is needed later: the 13 MB of scatter blocks are not kept here.
        Path scatter = new Path(output, SCATTER);
        scatter.getFileSystem(conf).delete(scatter, true);
        return model;
    }

    /** Assembles the reducers' row blocks into the statistics of every vector the job read. */
    static CovariancePartial readScatter(Configuration conf, Path scatterDir) throws IOException {
        int d = FeatureRow.DIMENSIONS;
        double[] scatter = new double[d * d];
        boolean[] seen = new boolean[d];
        long n = -1;
        double[] mean = null;
        FileSystem fs = scatterDir.getFileSystem(conf);
        for (FileStatus part : fs.globStatus(new Path(scatterDir, "part-*"))) {
            try (SequenceFile.Reader reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
                IntWritable block = new IntWritable();
                CovariancePartial partial = new CovariancePartial();
                while (reader.next(block, partial)) {
                    n = partial.n();
                    mean = partial.mean();
                    System.arraycopy(partial.scatter(), 0, scatter, partial.rowStart() * d, partial.rows() * d);
                    java.util.Arrays.fill(seen, partial.rowStart(), partial.rowStart() + partial.rows(), true);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            if (!seen[i]) {
                throw new IOException(n < 0 ? "No feature vector was found in the input"
                        : "Row " + i + " of the covariance matrix is missing from " + scatterDir);
            }
        }
        return new CovariancePartial(n, mean, 0, d, scatter);
    }

    /** Fits the PCA of the merged statistics. */
    static PcaModel fit(CovariancePartial all, int k) {
        long n = all.n();
        if (n == 0) {
            throw new IllegalArgumentException("No feature vector was found in the input");
        }
        if (k >= n) {
            // n vectors span at most n - 1 centred directions: the components past them carry no variance.
            System.err.printf(Locale.ROOT, "covariance: warning: --k %d is not below the number of vectors (%d); "
                    + "only the first %d components carry variance%n", k, n, Math.max(0, n - 1));
        }
        return PcaModel.fit(all, k);
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path input = RunFolders.input(conf);
        try (RunFolders.Claim output = RunFolders.output(conf, OPTIONS)) {
            PcaModel model = computePca(conf, input, output.folder());
            if (model == null) {
                return 1;
            }
            output.complete();
            System.out.println(describe(model));
            System.out.print(PcaModelFiles.summary(model));
            return 0;
        }
    }

    /** One line on the fitted model: n, k and the variance the first components explain. */
    public static String describe(PcaModel model) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "PCA of %d vectors: %d components explain %.2f%% of the variance; first components",
                model.n(), model.k(), 100 * model.cumulativeExplained(model.k() - 1)));
        for (int c = 0; c < Math.min(5, model.k()); c++) {
            out.append(String.format(Locale.ROOT, " %.2f%%", 100 * model.explainedVariance()[c]));
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new CovarianceJob(), args));
    }
}

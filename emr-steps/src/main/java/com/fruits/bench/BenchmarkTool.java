package com.fruits.bench;

import com.fruits.common.CommandOptions;
import com.fruits.common.FruitsConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.featurize.InferenceCeiling;
import com.fruits.pca.CovarianceJob;
import com.fruits.pca.ProjectionJob;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits bench}: each stage of the suite timed on its own, at several numbers of images, in
 * one run on one machine (the local job runner), with the ceiling, memory and tuning runs beside
 * them; {@link BenchmarkReport} writes the CSV, the Markdown table and the chart.
 */
public class BenchmarkTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("bench",
            "Times decode + resize, inference on pre-decoded batches, the featurize job, the covariance job,\n"
                    + "the eigen-decomposition and the projection on the first --sizes images of --input, then\n"
                    + "tuning runs; writes benchmark.csv, benchmark.md and benchmark.png to --results.",
            List.of(FruitsConfigKeys.INPUT, FruitsConfigKeys.MODEL, FruitsConfigKeys.BENCH_SIZES,
                    FruitsConfigKeys.BENCH_RESULTS, FruitsConfigKeys.BENCH_KERAS, FruitsConfigKeys.BENCH_TUNING_IMAGES,
                    FruitsConfigKeys.BATCH_SIZE, FruitsConfigKeys.TF_THREADS));

    @Override
    public int run(String[] args) throws Exception {
        // JVM start, class loading and Hadoop's configuration, before any work: part of the fixed cost.
        double jvmSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        FruitsConfigKeys.MODEL.require(conf);
        Path input = RunFolders.input(conf);
        long[] sizes = sizes(FruitsConfigKeys.BENCH_SIZES.get(conf));
        KerasFigures keras = KerasFigures.read(FruitsConfigKeys.BENCH_KERAS.get(conf));
        java.nio.file.Path results = java.nio.file.Path.of(FruitsConfigKeys.BENCH_RESULTS.get(conf));
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("fruits-bench");
        try {
            List<SizeResult> rows = new ArrayList<>();
            for (long n : sizes) {
                rows.add(measure(limited(conf, n), input, new Path(work.toUri().toString(), "n" + n)));
            }
            int tuningImages = FruitsConfigKeys.BENCH_TUNING_IMAGES.getInt(conf);
            List<TuningResult> tuning = tuningImages > 0
                    ? tune(limited(conf, tuningImages), input)
                    : List.of();
            BenchmarkReport report = new BenchmarkReport(rows, keras, tuning, jvmSeconds, conf);
            report.write(results);
            System.out.println(report.markdown());
            System.out.println("bench: wrote " + results.resolve(BenchmarkReport.CSV) + ", " + BenchmarkReport.MARKDOWN
                    + " and " + BenchmarkReport.CHART);
            return 0;
        } finally {
            FileUtil.fullyDelete(work.toFile());
        }
    }

    /** All stages on the first {@code fruits.input.limit} images, each timed on its own. */
    private static SizeResult measure(Configuration conf, Path input, Path work) throws Exception {
        long n = FruitsConfigKeys.LIMIT.getLong(conf);
        System.out.printf(Locale.ROOT, "bench: %d images: decode + resize and inference on pre-decoded batches%n", n);
        InferenceCeiling.Measurement stages = InferenceCeiling.measure(conf);
        Path features = new Path(work, "features");
        Path pca = new Path(work, "pca");
        System.out.printf(Locale.ROOT, "bench: %d images: featurize, covariance, eigen-decomposition, projection%n", n);
        FeaturizeSummary summary;
        PeakMemory.Peak memory;
        long start = System.nanoTime();
        try (PeakMemory peak = PeakMemory.start()) {
            summary = FeaturizeJob.featurize(conf, input, features);
            memory = peak.stop();
        }
        double featurize = seconds(start);
        if (summary == null) {
            throw new IOException("The featurize job failed on " + n + " images: see the log above");
        }
        start = System.nanoTime();
        if (!CovarianceJob.runCovariance(conf, features, pca)) {
            throw new IOException("The covariance job failed on " + n + " images: see the log above");
        }
        double covariance = seconds(start);
        start = System.nanoTime();
        CovarianceJob.fitAndWrite(conf, features, pca);
        double eigen = seconds(start);
        start = System.nanoTime();
        if (!ProjectionJob.project(conf, features, pca, new Path(work, "projected"))) {
            throw new IOException("The projection job failed on " + n + " images: see the log above");
        }
        double projection = seconds(start);
        return new SizeResult(summary.featurized(), stages, featurize, summary.modelLoadMillis() / 1e3,
                covariance, eigen, projection, memory);
    }

    /**
     * What the featurize settings are worth here. Batch size on the model alone, in this JVM. Threads and
     * tasks per node in child JVMs, because TensorFlow sizes its thread pools once per process (the
     * first model loaded fixes them): one process using every core against one single-threaded process
     * per core side by side, as YARN would run one map container per vCPU.
     */
    private static List<TuningResult> tune(Configuration conf, Path input) throws Exception {
        List<TuningResult> out = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = FruitsConfigKeys.TF_THREADS.get(conf);
        for (int batch : new int[] {8, 16, 32, 64}) {
            Configuration c = new Configuration(conf);
            c.setInt(FruitsConfigKeys.BATCH_SIZE.property(), batch);
            System.out.printf(Locale.ROOT, "bench: tuning inference, batch %d%n", batch);
            InferenceCeiling.Measurement m = InferenceCeiling.measure(c);
            out.add(new TuningResult("inference (pre-decoded), this JVM", String.format(Locale.ROOT,
                    "batch %d, tf-threads %s", batch, threads), m.images(), m.inferenceSeconds()));
        }
        for (int[] setting : new int[][] {{1, 0}, {1, 1}, {cores, 1}}) {
            System.out.printf(Locale.ROOT, "bench: tuning %d process(es) at once, tf-threads %d%n", setting[0], setting[1]);
            out.add(CeilingProcesses.run(conf, input, setting[0], setting[1], cores));
        }
        return out;
    }

    private static Configuration limited(Configuration conf, long images) {
        Configuration c = new Configuration(conf);
        c.setLong(FruitsConfigKeys.LIMIT.property(), images);
        return c;
    }

    static long[] sizes(String list) {
        try {
            long[] sizes = Arrays.stream(list.split(",")).map(String::trim).mapToLong(Long::parseLong).sorted().toArray();
            if (sizes.length == 0 || sizes[0] <= 0) {
                throw new NumberFormatException(list);
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new UsageException("--sizes takes positive numbers of images separated by commas, like 1000,5000,22688; not '"
                    + list + "'");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

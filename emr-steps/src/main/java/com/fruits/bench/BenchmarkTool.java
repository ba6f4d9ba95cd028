package com.fruits.bench;

import com.fruits.common.CommandOptions;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.featurize.ModelCheck;
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
            "For each of --engines, times bare inference on pre-decoded batches in the job's own layout and the\n"
                    + "featurize job; then the covariance job, the eigen-decomposition and the projection, on the first\n"
                    + "--sizes images of --input; then tuning runs; writes benchmark.csv, benchmark.md and benchmark.png.",
            List.of(RunConfigKeys.INPUT, FeaturizeConfigKeys.MODEL, BenchConfigKeys.SIZES,
                    BenchConfigKeys.RESULTS, BenchConfigKeys.ENGINES, BenchConfigKeys.KERAS, BenchConfigKeys.TUNING_IMAGES,
                    FeaturizeConfigKeys.BATCH_SIZE, FeaturizeConfigKeys.TF_THREADS));

    @Override
    public int run(String[] args) throws Exception {
        // JVM start, class loading and Hadoop's configuration, before any work: part of the fixed cost.
        double jvmSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        FeaturizeConfigKeys.MODEL.require(conf);
        Path input = RunFolders.input(conf);
        long[] sizes = sizes(BenchConfigKeys.SIZES.get(conf));
        List<String> engines = Arrays.stream(BenchConfigKeys.ENGINES.get(conf).split(",")).map(String::trim)
                .distinct().toList();
        KerasFigures keras = KerasFigures.read(BenchConfigKeys.KERAS.get(conf));
        java.nio.file.Path results = java.nio.file.Path.of(BenchConfigKeys.RESULTS.get(conf));
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("fruits-bench");
        try {
            List<SizeResult> rows = new ArrayList<>();
            for (long n : sizes) {
                rows.add(measure(limited(conf, n), engines, input, new Path(work.toUri().toString(), "n" + n)));
            }
            int tuningImages = BenchConfigKeys.TUNING_IMAGES.getInt(conf);
            List<TuningResult> tuning = new ArrayList<>();
            if (tuningImages > 0) {
                for (String engine : engines) {
                    tuning.addAll(tune(withEngine(limited(conf, tuningImages), engine), input));
                }
            }
            BenchmarkReport report = new BenchmarkReport(rows, keras, tuning,
                    List.of(EngineJars.onnxRuntime(), EngineJars.tensorFlow()), jvmSeconds, conf);
            report.write(results);
            System.out.println(report.markdown());
            System.out.println("bench: wrote " + results.resolve(BenchmarkReport.CSV) + ", " + BenchmarkReport.MARKDOWN
                    + " and " + BenchmarkReport.CHART);
            return 0;
        } finally {
            FileUtil.fullyDelete(work.toFile());
        }
    }

    /**
     * All stages on the first {@code fruits.input.limit} images, each timed on its own: per engine its
     * bare ceiling in the job's own layout and the featurize job; then covariance, eigen-decomposition
     * and projection once, on the first engine's vectors.
     */
    private static SizeResult measure(Configuration conf, List<String> engines, Path input, Path work) throws Exception {
        long n = RunConfigKeys.LIMIT.getLong(conf);
        List<SizeResult.EngineResult> results = new ArrayList<>();
        for (String engine : engines) {
            Configuration c = withEngine(conf, engine);
            int[] layout = jobLayout(c);
            System.out.printf(Locale.ROOT, "bench: %d images, %s: ceiling in the job's layout (%d process(es) x %d "
                    + "thread(s)), then the featurize job%n", n, engine, layout[0], layout[1]);
            CeilingProcesses.Ceiling ceiling = CeilingProcesses.run(c, input, layout[0], layout[1],
                    (n + layout[0] - 1) / layout[0]);
            Path features = new Path(work, "features-" + engine);
            FeaturizeSummary summary;
            PeakMemory.Peak memory;
            long start = System.nanoTime();
            try (PeakMemory peak = PeakMemory.start()) {
                ModelCheck.loadable(c, input); // the driver's model check and (ONNX) conversion, as the command does
                start = System.nanoTime();
                summary = FeaturizeJob.featurize(c, input, features);
                memory = peak.stop();
            }
            double featurize = seconds(start);
            if (summary == null) {
                throw new IOException("The featurize job failed on " + n + " images with " + engine + ": see the log above");
            }
            results.add(new SizeResult.EngineResult(engine, com.fruits.common.Lineage.get(c, ModelCheck.ENGINE), ceiling, featurize,
                    summary.modelLoadMillis() / 1e3, memory));
        }
        Path features = new Path(work, "features-" + engines.get(0));
        Path pca = new Path(work, "pca");
        System.out.printf(Locale.ROOT, "bench: %d images: covariance, eigen-decomposition, projection%n", n);
        long start = System.nanoTime();
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
        return new SizeResult(n, results, covariance, eigen, projection);
    }

    /** The featurize job's local layout ({@link FeaturizeJob}): one single-threaded map per core, unless --tf-threads. */
    static int[] jobLayout(Configuration conf) {
        int threads = FeaturizeConfigKeys.TF_THREADS.getInt(conf);
        int cores = Runtime.getRuntime().availableProcessors();
        return threads == 0 && cores > 1 ? new int[] {cores, 1} : new int[] {1, threads};
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
        String engine = FeaturizeConfigKeys.ENGINE.get(conf);
        long images = RunConfigKeys.LIMIT.getLong(conf);
        for (int batch : new int[] {1, 8, 32, 64}) {
            Configuration c = new Configuration(conf);
            c.setInt(FeaturizeConfigKeys.BATCH_SIZE.property(), batch);
            System.out.printf(Locale.ROOT, "bench: tuning %s, batch %d, every core in one process%n", engine, batch);
            CeilingProcesses.Ceiling m = CeilingProcesses.run(c, input, 1, 0, images);
            out.add(new TuningResult(engine + ", inference (pre-decoded), one JVM", String.format(Locale.ROOT,
                    "batch %d, threads 0 (all %d)", batch, cores), m.images(), m.images() / m.inferenceImagesPerSecond()));
        }
        for (int[] setting : new int[][] {{1, 1}, {cores, 1}}) {
            System.out.printf(Locale.ROOT, "bench: tuning %s, %d process(es) at once, 1 thread each%n", engine, setting[0]);
            out.add(CeilingProcesses.run(conf, input, setting[0], setting[1], images).asTuning(cores));
        }
        return out;
    }

    private static Configuration withEngine(Configuration conf, String engine) {
        Configuration c = new Configuration(conf);
        c.set(FeaturizeConfigKeys.ENGINE.property(), engine);
        return c;
    }

    private static Configuration limited(Configuration conf, long images) {
        Configuration c = new Configuration(conf);
        c.setLong(RunConfigKeys.LIMIT.property(), images);
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

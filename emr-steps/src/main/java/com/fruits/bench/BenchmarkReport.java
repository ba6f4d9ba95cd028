package com.fruits.bench;

import com.fruits.featurize.FeaturizeConfigKeys;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a benchmark run as {@code benchmark.csv} (one row per size and engine), {@code benchmark.md}
 * and {@code benchmark.png}.
 */
final class BenchmarkReport {
    static final String CSV = "benchmark.csv";
    static final String MARKDOWN = "benchmark.md";
    static final String CHART = "benchmark.png";
    /**
     * The original PySpark job, from its own Spark executor table: 22,688 images in 1.1 h of summed task
     * time, i.e. images per second per busy core (not per vCPU of the cluster).
     */
    static final double ORIGINAL_IMAGES_PER_SECOND_PER_BUSY_CORE = 22688 / (1.1 * 3600);

    private record Stage(String name, ToDoubleFunction<SizeResult> seconds) {
    }

    private final List<SizeResult> rows;
    private final KerasFigures keras;
    private final List<TuningResult> tuning;
    private final List<EngineJars.Weight> jars;
    private final double jvmSeconds;
    private final Configuration conf;
    private final List<String> engines;
    private final List<Stage> stages = new ArrayList<>();
    private final int cores = Runtime.getRuntime().availableProcessors();

    BenchmarkReport(List<SizeResult> rows, KerasFigures keras, List<TuningResult> tuning, List<EngineJars.Weight> jars,
                    double jvmSeconds, Configuration conf) {
        this.rows = rows;
        this.keras = keras;
        this.tuning = tuning;
        this.jars = jars;
        this.jvmSeconds = jvmSeconds;
        this.conf = conf;
        this.engines = rows.get(0).engines().stream().map(SizeResult.EngineResult::engine).toList();
        stages.add(new Stage("decode + resize (one thread)", SizeResult::decodeSeconds));
        for (String engine : engines) {
            SizeResult.EngineResult any = rows.get(0).engine(engine);
            stages.add(new Stage("inference ceiling, " + engine + ", pre-decoded, "
                    + any.ceiling().layout(cores), r -> r.images() / r.engine(engine).ceiling().inferenceImagesPerSecond()));
            stages.add(new Stage("featurize job, " + engine + ", end to end", r -> r.engine(engine).featurizeSeconds()));
        }
        stages.add(new Stage("covariance job", SizeResult::covarianceSeconds));
        stages.add(new Stage("eigen-decomposition", SizeResult::eigenSeconds));
        stages.add(new Stage("projection + Parquet job", SizeResult::projectionSeconds));
        stages.add(new Stage("Python: Pillow + Keras model.predict", r -> keras.seconds(r.images())));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CSV), csv());
        Files.writeString(dir.resolve(MARKDOWN), markdown());
        ChartUtils.saveChartAsPNG(dir.resolve(CHART).toFile(), chart(), 900, 560);
    }

    String csv() {
        StringBuilder out = new StringBuilder("images,engine,engine_version,ceiling_layout,decode_resize_s,ceiling_images_per_s,"
                + "featurize_job_s,featurize_images_per_s,ratio_to_own_ceiling,ratio_to_tensorflow_job,model_load_s,"
                + "covariance_s,eigen_s,projection_s,pca_and_projection_share_of_featurize,keras_s,ratio_to_keras,"
                + "featurize_peak_heap_mb,featurize_peak_rss_mb\n");
        for (SizeResult r : rows) {
            for (SizeResult.EngineResult e : r.engines()) {
                double kerasSeconds = keras.seconds(r.images());
                out.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.2f,%.1f,%.2f,%.1f,%.3f,%s,%.2f,%.2f,%.2f,%.2f,%.4f,%s,%s,%.0f,%.0f%n",
                        r.images(), e.engine(), e.version(), e.ceiling().layout(cores), r.decodeSeconds(),
                        e.ceiling().inferenceImagesPerSecond(), e.featurizeSeconds(), e.featurizeImagesPerSecond(r.images()),
                        r.ratioToCeiling(e), cell(ratioToTensorFlow(r, e), "%.2f"), e.modelLoadSeconds(),
                        r.covarianceSeconds(), r.eigenSeconds(), r.projectionSeconds(), r.pcaShareOfFeaturize(),
                        cell(kerasSeconds, "%.2f"), cell(kerasSeconds / e.featurizeSeconds(), "%.2f"),
                        e.memory().heapMb(), e.memory().residentMb()));
            }
        }
        return out.toString();
    }

    private static double ratioToTensorFlow(SizeResult r, SizeResult.EngineResult e) {
        SizeResult.EngineResult tf = r.engine("tensorflow");
        return tf == null ? Double.NaN : tf.featurizeSeconds() / e.featurizeSeconds();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# Benchmark\n\n");
        out.append(String.format(Locale.ROOT, "Run on %s: %d cores, %.0f GiB, Java %s; local job runner; engines %s "
                        + "(%s), batch %s, tf-threads %s (0: one single-threaded map per core). Command: `bench/run.sh` "
                        + "(sizes %s). Figures from another run or machine are not comparable with these.%n%n",
                LocalDate.now(ZoneOffset.UTC), cores, totalMemoryGiB(), System.getProperty("java.version"),
                String.join(", ", engines), rows.get(0).engines().stream().map(SizeResult.EngineResult::version)
                        .collect(Collectors.joining(", ")),
                FeaturizeConfigKeys.BATCH_SIZE.get(conf), FeaturizeConfigKeys.TF_THREADS.get(conf),
                BenchConfigKeys.SIZES.get(conf)));
        out.append("## Seconds per stage (images/s)\n\n| stage |");
        rows.forEach(r -> out.append(String.format(Locale.ROOT, " %,d images |", r.images())));
        out.append("\n|---|").append("---:|".repeat(rows.size())).append('\n');
        for (Stage stage : stages) {
            out.append("| ").append(stage.name()).append(" |");
            for (SizeResult r : rows) {
                double s = stage.seconds().applyAsDouble(r);
                out.append(Double.isNaN(s) ? " — |" : String.format(Locale.ROOT, " %.2f (%,.0f/s) |", s, r.images() / s));
            }
            out.append('\n');
        }
        if (keras.skipped() != null) {
            out.append("\nPython/Keras row: skipped — ").append(keras.skipped()).append(".\n");
        }
        out.append(String.format(Locale.ROOT, "%n## Ratios%n%nEach engine's featurize job against that engine's bare "
                + "ceiling in the same process/thread layout on the same images (target ≥ 0.85×), against the "
                + "TensorFlow job of this run (target for the default engine ≥ 2×), against Python/Keras on the same "
                + "cores, and per core against the original PySpark job (%.1f images/s per busy core, derived from its "
                + "Spark executor table: 22,688 images in 1.1 h of summed task time).%n%n"
                + "| images | engine | job images/s | ceiling images/s | × own ceiling | × TensorFlow job | × Python/Keras "
                + "| images/s per core | × PySpark per busy core |%n|---:|---|---:|---:|---:|---:|---:|---:|---:|%n",
                ORIGINAL_IMAGES_PER_SECOND_PER_BUSY_CORE));
        for (SizeResult r : rows) {
            for (SizeResult.EngineResult e : r.engines()) {
                double rate = e.featurizeImagesPerSecond(r.images());
                out.append(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.2f | %s | %s | %.1f | %.1f |%n",
                        r.images(), e.engine(), rate, e.ceiling().inferenceImagesPerSecond(), r.ratioToCeiling(e),
                        cell(ratioToTensorFlow(r, e), "%.2f"), cell(keras.seconds(r.images()) / e.featurizeSeconds(), "%.2f"),
                        rate / cores, rate / cores / ORIGINAL_IMAGES_PER_SECOND_PER_BUSY_CORE));
            }
        }
        out.append("\nCovariance + eigen-decomposition + projection against the ").append(engines.get(0))
                .append(" featurize job (target < 10%): ");
        out.append(rows.stream().map(r -> String.format(Locale.ROOT, "%.1f%% at %,d images", 100 * r.pcaShareOfFeaturize(),
                r.images())).collect(Collectors.joining(", "))).append(".\n");
        out.append(engineTable());
        out.append(fixedCost());
        out.append("\n## Memory of the featurize job\n\nThe local job runner runs the map tasks (one per core) in "
                + "the driver's JVM, so these peaks cover all of them and the driver (with its model check): an "
                + "upper bound for the maps of one node.\n\n| images | engine | peak heap MB | peak RSS MB |\n|---:|---|---:|---:|\n");
        for (SizeResult r : rows) {
            r.engines().forEach(e -> out.append(String.format(Locale.ROOT, "| %,d | %s | %.0f | %.0f |%n", r.images(),
                    e.engine(), e.memory().heapMb(), e.memory().residentMb())));
        }
        if (!tuning.isEmpty()) {
            out.append("\n## Tuning runs\n\nBare inference on pre-decoded batches, each setting in fresh JVMs (engines "
                    + "size their thread pools once per process).\n\n"
                    + "| stage | setting | images | images/s |\n|---|---|---:|---:|\n");
            tuning.forEach(t -> out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f |%n", t.stage(),
                    t.setting(), t.images(), t.imagesPerSecond())));
        }
        return out.toString();
    }

    private String engineTable() {
        StringBuilder out = new StringBuilder("\n## Engines\n\n| engine | version | compressed bytes in the job jar "
                + "| native platforms | model load per map task |\n|---|---|---:|---|---:|\n");
        for (EngineJars.Weight jar : jars) {
            SizeResult.EngineResult e = rows.get(rows.size() - 1).engine(jar.engine());
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f MB | %s | %s |%n", jar.engine(),
                    e == null ? "not measured" : e.version(), jar.megabytes(), String.join(", ", jar.platforms()),
                    e == null ? "" : String.format(Locale.ROOT, "%.2f s", e.modelLoadSeconds() / cores)));
        }
        return out.toString();
    }

    /** Per engine, the featurize job's time as a line a + b·n over the sizes measured: a is the fixed start-up cost. */
    private String fixedCost() {
        StringBuilder out = new StringBuilder("\n## Fixed start-up cost\n\n");
        out.append(String.format(Locale.ROOT, "- JVM start to the command's first line: %.2f s%n", jvmSeconds));
        if (rows.size() >= 2) {
            for (String engine : engines) {
                SimpleRegression line = new SimpleRegression();
                rows.forEach(r -> line.addData(r.images(), r.engine(engine).featurizeSeconds()));
                out.append(String.format(Locale.ROOT, "- %s featurize job time fitted as a + b·n over the sizes above: "
                                + "a = %.1f s fixed (job submission, listing, model load, commit), b = %.2f s per 1,000 "
                                + "images (%.1f images/s once started); R² = %.5f%n", engine,
                        line.getIntercept(), 1000 * line.getSlope(), 1 / line.getSlope(), line.getRSquare()));
            }
        }
        return out.toString();
    }

    private JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Stage stage : stages) {
            XYSeries series = new XYSeries(stage.name());
            for (SizeResult r : rows) {
                double s = stage.seconds().applyAsDouble(r);
                if (!Double.isNaN(s)) {
                    series.add(r.images(), s);
                }
            }
            if (!series.isEmpty()) {
                data.addSeries(series);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Seconds per stage by number of images ("
                        + cores + " cores, local job runner)",
                "images", "seconds", data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        chart.getXYPlot().setRenderer(renderer);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    private static String cell(double value, String format) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
    }

    private static double totalMemoryGiB() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }
}

package com.fruits.bench;

import com.fruits.common.FruitsConfigKeys;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes a benchmark run as {@code benchmark.csv} (one row per size), {@code benchmark.md} and {@code benchmark.png}. */
final class BenchmarkReport {
    static final String CSV = "benchmark.csv";
    static final String MARKDOWN = "benchmark.md";
    static final String CHART = "benchmark.png";
    /** The original PySpark job: 22,688 images in 1.1 h of task time on 4 vCPU. */
    private static final double ORIGINAL_IMAGES_PER_SECOND_PER_VCPU = 22688 / (1.1 * 3600) / 4;

    private record Stage(String name, ToDoubleFunction<SizeResult> seconds) {
    }

    private final List<SizeResult> rows;
    private final KerasFigures keras;
    private final List<TuningResult> tuning;
    private final double jvmSeconds;
    private final Configuration conf;
    private final List<Stage> stages;

    BenchmarkReport(List<SizeResult> rows, KerasFigures keras, List<TuningResult> tuning, double jvmSeconds,
                    Configuration conf) {
        this.rows = rows;
        this.keras = keras;
        this.tuning = tuning;
        this.jvmSeconds = jvmSeconds;
        this.conf = conf;
        this.stages = List.of(
                new Stage("decode + resize (one thread)", r -> r.stages().decodeSeconds()),
                new Stage("inference, pre-decoded batches (ceiling)", r -> r.stages().inferenceSeconds()),
                new Stage("featurize job, end to end", SizeResult::featurizeSeconds),
                new Stage("covariance job", SizeResult::covarianceSeconds),
                new Stage("eigen-decomposition", SizeResult::eigenSeconds),
                new Stage("projection + Parquet job", SizeResult::projectionSeconds),
                new Stage("Python: Pillow + Keras model.predict", r -> keras.seconds(r.images())));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CSV), csv());
        Files.writeString(dir.resolve(MARKDOWN), markdown());
        ChartUtils.saveChartAsPNG(dir.resolve(CHART).toFile(), chart(), 900, 560);
    }

    String csv() {
        StringBuilder out = new StringBuilder("images,decode_resize_s,inference_s,ceiling_images_per_s,featurize_job_s,"
                + "featurize_images_per_s,ratio_to_ceiling,model_load_s,covariance_s,eigen_s,projection_s,"
                + "pca_and_projection_share_of_featurize,keras_s,keras_images_per_s,ratio_to_keras,"
                + "featurize_peak_heap_mb,featurize_peak_rss_mb\n");
        for (SizeResult r : rows) {
            double kerasSeconds = keras.seconds(r.images());
            out.append(String.format(Locale.ROOT, "%d,%.2f,%.2f,%.1f,%.2f,%.1f,%.3f,%.2f,%.2f,%.2f,%.2f,%.4f,%s,%s,%s,%.0f,%.0f%n",
                    r.images(), r.stages().decodeSeconds(), r.stages().inferenceSeconds(),
                    r.stages().inferenceImagesPerSecond(), r.featurizeSeconds(), r.featurizeImagesPerSecond(),
                    r.ratioToCeiling(), r.modelLoadSeconds(), r.covarianceSeconds(), r.eigenSeconds(),
                    r.projectionSeconds(), r.pcaShareOfFeaturize(), cell(kerasSeconds, "%.2f"),
                    cell(r.images() / kerasSeconds, "%.1f"), cell(kerasSeconds / r.featurizeSeconds(), "%.2f"),
                    r.featurizeMemory().heapMb(), r.featurizeMemory().residentMb()));
        }
        return out.toString();
    }

    String markdown() {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder out = new StringBuilder("# Benchmark\n\n");
        out.append(String.format(Locale.ROOT, "Run on %s: %d cores, %.0f GiB, Java %s; local job runner (one map per "
                        + "core), batch %s, tf-threads %s. Command: `bench/run.sh` (sizes %s).%n%n",
                LocalDate.now(ZoneOffset.UTC), cores, totalMemoryGiB(), System.getProperty("java.version"),
                FruitsConfigKeys.BATCH_SIZE.get(conf), FruitsConfigKeys.TF_THREADS.get(conf),
                FruitsConfigKeys.BENCH_SIZES.get(conf)));
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
        out.append("\n## Ratios (targets: featurize ≥ 0.85× the ceiling, faster per core than Python/Keras, "
                + "PCA + projection < 10% of featurize)\n\n| images | featurize images/s | × ceiling | × Python/Keras "
                + "(same cores) | images/s per core | × original PySpark per vCPU | PCA + projection / featurize |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SizeResult r : rows) {
            double perCore = r.featurizeImagesPerSecond() / cores;
            out.append(String.format(Locale.ROOT, "| %,d | %.1f | %.2f | %s | %.1f | %.1f | %.1f%% |%n", r.images(),
                    r.featurizeImagesPerSecond(), r.ratioToCeiling(),
                    cell(keras.seconds(r.images()) / r.featurizeSeconds(), "%.2f"), perCore,
                    perCore / ORIGINAL_IMAGES_PER_SECOND_PER_VCPU, 100 * r.pcaShareOfFeaturize()));
        }
        tuning.stream().filter(t -> t.stage().contains("separate JVMs"))
                .max(java.util.Comparator.comparingDouble(TuningResult::imagesPerSecond)).ifPresent(best -> {
                    SizeResult largest = rows.get(rows.size() - 1);
                    out.append(String.format(Locale.ROOT, "%nThe ceiling above is one process using every core. The best "
                                    + "ceiling of the tuning runs (%s) is %.1f images/s: the featurize job on %,d images "
                                    + "reaches %.2f× that.%n", best.setting(), best.imagesPerSecond(), largest.images(),
                            largest.featurizeImagesPerSecond() / best.imagesPerSecond()));
                });
        out.append(fixedCost());
        out.append("\n## Memory of the featurize job's map tasks\n\nThe local job runner runs the map tasks (one per "
                + "core) in the driver's JVM, so these peaks cover all of them and the driver: divide by the cores "
                + "for an upper bound of one task.\n\n"
                + "| images | peak heap MB | peak RSS MB |\n|---:|---:|---:|\n");
        rows.forEach(r -> out.append(String.format(Locale.ROOT, "| %,d | %.0f | %.0f |%n", r.images(),
                r.featurizeMemory().heapMb(), r.featurizeMemory().residentMb())));
        if (!tuning.isEmpty()) {
            out.append("\n## Tuning runs\n\n| stage | setting | images | images/s |\n|---|---|---:|---:|\n");
            tuning.forEach(t -> out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f |%n", t.stage(),
                    t.setting(), t.images(), t.imagesPerSecond())));
        }
        return out.toString();
    }

    /** The featurize job's time as a line a + b·n over the sizes measured: a is the fixed start-up cost. */
    private String fixedCost() {
        StringBuilder out = new StringBuilder("\n## Fixed start-up cost\n\n");
        SizeResult first = rows.get(0);
        out.append(String.format(Locale.ROOT, "- JVM start to the command's first line: %.2f s%n", jvmSeconds));
        out.append(String.format(Locale.ROOT, "- model load in the map task (TensorFlow's native library, SavedModel): %.2f s%n",
                first.modelLoadSeconds()));
        if (rows.size() >= 2) {
            SimpleRegression line = new SimpleRegression();
            rows.forEach(r -> line.addData(r.images(), r.featurizeSeconds()));
            out.append(String.format(Locale.ROOT, "- featurize job time fitted as a + b·n over the sizes above: "
                            + "a = %.1f s fixed (job submission, listing, model load, commit), b = %.2f s per 1,000 images "
                            + "(%.1f images/s once started); R² = %.5f%n",
                    line.getIntercept(), 1000 * line.getSlope(), 1 / line.getSlope(), line.getRSquare()));
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
                        + Runtime.getRuntime().availableProcessors() + " cores, local job runner)",
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

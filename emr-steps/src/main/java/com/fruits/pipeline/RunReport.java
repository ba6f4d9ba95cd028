package com.fruits.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunFolders;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.pca.PcaModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code report.html} beside a pipeline's outputs: one self-contained page (Chart.js inlined, no
 * network) with the run's summary, time per stage, a scree plot, the first two components coloured
 * by label, its settings and lineage, and the rejected files with their reasons.
 */
public final class RunReport {
    public static final String FILE = "report.html";
    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    /** Enough points to see the clusters; more only make the page heavy. */
    private static final int MAX_POINTS = 5000;

    private RunReport() {
    }

    static Path write(Configuration conf, Path output, FeaturizeSummary summary, PcaModel model,
                      Map<String, Double> stageSeconds, Map<String, String> settings) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("output", output.toString());
        data.put("created", Instant.now().toString());
        data.put("summary", List.of(
                List.of("images read", String.valueOf(summary.read())),
                List.of("featurized", String.valueOf(summary.featurized())),
                List.of("rejected", String.valueOf(summary.rejected())),
                List.of("input bytes", String.format(Locale.ROOT, "%.1f MB", summary.bytes() / 1e6)),
                List.of("featurize throughput", String.format(Locale.ROOT, "%.1f images/s",
                        summary.featurized() / Math.max(1e-3, summary.wallMillis() / 1e3))),
                List.of("principal components", String.valueOf(model.k())),
                List.of("variance explained by them", String.format(Locale.ROOT, "%.2f%%",
                        100 * model.cumulativeExplained(model.k() - 1)))));
        List<List<Object>> stages = new ArrayList<>();
        stageSeconds.forEach((stage, seconds) -> stages.add(List.of(stage, seconds)));
        data.put("stages", stages);
        data.put("explained", model.explainedVariance());
        List<List<String>> rows = new ArrayList<>();
        settings.forEach((k, v) -> rows.add(List.of(k, v)));
        data.put("settings", rows);
        data.put("points", points(conf, new Path(output, RunFolders.PROJECTED)));
        data.put("rejected", rejected(conf, new Path(output, RunFolders.REJECTED)));

        // "<" never occurs outside JSON strings: escaping it keeps file names from closing the script.
        String json = new ObjectMapper().writeValueAsString(data).replace("<", "\\u003c");
        String html = resource("report.html").replace("/*CHART_JS*/", resource(CHART_JS)).replace("/*RUN_DATA*/", json);
        Path file = new Path(output, FILE);
        try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
            out.write(html.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** (label, PC1, PC2) of up to MAX_POINTS rows, evenly spread over the projected files. */
    private static List<List<Object>> points(Configuration conf, Path projected) throws IOException {
        List<List<Object>> points = new ArrayList<>();
        FileSystem fs = projected.getFileSystem(conf);
        for (FileStatus part : fs.globStatus(new Path(projected, "part-*.parquet"))) {
            ParquetGroups.readProjected(part.getPath(), conf, row -> points.add(List.of(row.label(), row.pcaFeatures()[0],
                    row.pcaFeatures().length > 1 ? row.pcaFeatures()[1] : 0.0)));
        }
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        List<List<Object>> sample = new ArrayList<>();
        for (int i = 0; i < MAX_POINTS; i++) {
            sample.add(points.get((int) ((long) i * points.size() / MAX_POINTS)));
        }
        return sample;
    }

    private static List<List<String>> rejected(Configuration conf, Path dir) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        FileSystem fs = dir.getFileSystem(conf);
        FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
        for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] cells = line.split("\t", 4);
                    rows.add(List.of(cells));
                }
            }
        }
        return rows;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RunReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

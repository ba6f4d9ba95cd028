package com.fruits.pca;

import com.fruits.common.Lineage;
import com.fruits.common.ParquetGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The PCA model on disk, in the layout of the reference's own files so that pandas reads it and the
 * tests compare it directly: {@code components.parquet} (component, eigenvalue, explained_variance,
 * vector) and {@code stats.parquet} (mean, n, total_variance); {@link #summary} is the readable table.
 */
public final class PcaModelFiles {
    public static final String COMPONENTS = "components.parquet";
    public static final String STATS = "stats.parquet";
    /** The run-level table of explained variance, beside (not inside) the model's Parquet folder. */
    public static final String SUMMARY = "explained-variance.tsv";

    static final MessageType COMPONENTS_SCHEMA = MessageTypeParser.parseMessageType(
            "message components { required int32 component; required double eigenvalue;"
                    + " required double explained_variance;"
                    + " required group vector (LIST) { repeated group list { required double element; } } }");
    static final MessageType STATS_SCHEMA = MessageTypeParser.parseMessageType(
            "message stats { required group mean (LIST) { repeated group list { required double element; } }"
                    + " required int64 n; required double total_variance; }");

    private PcaModelFiles() {
    }

    /**
     * Writes the model, and the same model in Spark ML's layout in {@code spark/}; both Parquet files carry the {@link Lineage} of {@code conf} (the feature model's
     * fingerprint among it) plus the model's id and k as key-value metadata.
     */
    public static void write(PcaModel model, Path dir, Configuration conf) throws IOException {
        Map<String, String> metadata = new TreeMap<>();
        Lineage.of(conf).forEach((key, value) -> metadata.put("fruits." + key, value));
        metadata.put("fruits." + Lineage.PCA_MODEL_ID, model.id());
        metadata.put("fruits." + Lineage.PCA_K, String.valueOf(model.k()));
        SimpleGroupFactory components = new SimpleGroupFactory(COMPONENTS_SCHEMA);
        try (ParquetWriter<Group> writer = writer(new Path(dir, COMPONENTS), COMPONENTS_SCHEMA, conf, metadata)) {
            for (int c = 0; c < model.k(); c++) {
                Group row = components.newGroup()
                        .append("component", c)
                        .append("eigenvalue", model.eigenvalues()[c])
                        .append("explained_variance", model.explainedVariance()[c]);
                ParquetGroups.addList(row, "vector", model.components()[c]);
                writer.write(row);
            }
        }
        try (ParquetWriter<Group> writer = writer(new Path(dir, STATS), STATS_SCHEMA, conf, metadata)) {
            Group row = new SimpleGroupFactory(STATS_SCHEMA).newGroup();
            ParquetGroups.addList(row, "mean", model.mean());
            writer.write(row.append("n", model.n()).append("total_variance", model.totalVariance()));
        }
        SparkPcaModelFiles.write(model, new Path(dir, SparkPcaModelFiles.DIR), "features", conf);
    }

    /** Per-component and cumulative explained variance as tab-separated text, with a header line. */
    public static String summary(PcaModel model) {
        StringBuilder text = new StringBuilder("component\teigenvalue\texplained_variance\tcumulative_explained_variance\n");
        for (int c = 0; c < model.k(); c++) {
            text.append(String.format(Locale.ROOT, "%d\t%.10g\t%.8f\t%.8f%n", c, model.eigenvalues()[c],
                    model.explainedVariance()[c], model.cumulativeExplained(c)));
        }
        return text.toString();
    }

    /** Writes {@link #summary} to {@code file}. */
    public static void writeSummary(PcaModel model, Path file, Configuration conf) throws IOException {
        try (FSDataOutputStream out = file.getFileSystem(conf).create(file, true)) {
            out.write(summary(model).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static PcaModel read(Path dir, Configuration conf) throws IOException {
        return read(new Path(dir, COMPONENTS), new Path(dir, STATS), conf);
    }

    /** Reads the two files of a model wherever they are (tasks get them as separate cache files). */
    public static PcaModel read(Path componentsFile, Path statsFile, Configuration conf) throws IOException {
        List<Group> rows = ParquetGroups.read(componentsFile, conf);
        Group stats = ParquetGroups.read(statsFile, conf).get(0);
        int k = rows.size();
        double[] eigenvalues = new double[k];
        double[] explained = new double[k];
        double[][] vectors = new double[k][];
        for (Group row : rows) {
            int c = row.getInteger("component", 0);
            eigenvalues[c] = row.getDouble("eigenvalue", 0);
            explained[c] = row.getDouble("explained_variance", 0);
            vectors[c] = ParquetGroups.list(row, "vector");
        }
        return new PcaModel(stats.getLong("n", 0), ParquetGroups.list(stats, "mean"),
                stats.getDouble("total_variance", 0), eigenvalues, explained, vectors);
    }

    /** The lineage the model was written with (keys without the {@code fruits.} prefix). */
    public static Map<String, String> lineage(Path dir, Configuration conf) throws IOException {
        Map<String, String> lineage = new TreeMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(dir, COMPONENTS), conf))) {
            reader.getFooter().getFileMetaData().getKeyValueMetaData().forEach((key, value) -> {
                if (key.startsWith("fruits.")) {
                    lineage.put(key.substring("fruits.".length()), value);
                }
            });
        }
        return lineage;
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema, Configuration conf,
                                               Map<String, String> metadata) throws IOException {
        return ExampleParquetWriter.builder(file).withConf(conf).withType(schema).withExtraMetaData(metadata)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }
}

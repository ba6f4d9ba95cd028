package com.fruits.pca;

import com.fruits.common.ParquetGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The PCA model on disk, in the layout of the reference's own files so that pandas reads it and the
 * tests compare it directly: {@code components.parquet} (component, eigenvalue, explained_variance,
 * vector), {@code stats.parquet} (mean, n, total_variance) and a readable {@code summary.tsv}.
 */
public final class PcaModelFiles {
    public static final String COMPONENTS = "components.parquet";
    public static final String STATS = "stats.parquet";
    public static final String SUMMARY = "summary.tsv";

    static final MessageType COMPONENTS_SCHEMA = MessageTypeParser.parseMessageType(
            "message components { required int32 component; required double eigenvalue;"
                    + " required double explained_variance;"
                    + " required group vector (LIST) { repeated group list { required double element; } } }");
    static final MessageType STATS_SCHEMA = MessageTypeParser.parseMessageType(
            "message stats { required group mean (LIST) { repeated group list { required double element; } }"
                    + " required int64 n; required double total_variance; }");

    private PcaModelFiles() {
    }

    public static void write(PcaModel model, Path dir, Configuration conf) throws IOException {
        SimpleGroupFactory components = new SimpleGroupFactory(COMPONENTS_SCHEMA);
        try (ParquetWriter<Group> writer = writer(new Path(dir, COMPONENTS), COMPONENTS_SCHEMA, conf)) {
            for (int c = 0; c < model.k(); c++) {
                Group row = components.newGroup()
                        .append("component", c)
                        .append("eigenvalue", model.eigenvalues()[c])
                        .append("explained_variance", model.explainedVariance()[c]);
                ParquetGroups.addList(row, "vector", model.components()[c]);
                writer.write(row);
            }
        }
        try (ParquetWriter<Group> writer = writer(new Path(dir, STATS), STATS_SCHEMA, conf)) {
            Group row = new SimpleGroupFactory(STATS_SCHEMA).newGroup();
            ParquetGroups.addList(row, "mean", model.mean());
            writer.write(row.append("n", model.n()).append("total_variance", model.totalVariance()));
        }
        FileSystem fs = dir.getFileSystem(conf);
        try (FSDataOutputStream out = fs.create(new Path(dir, SUMMARY), true);
             PrintWriter text = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            text.println("component\teigenvalue\texplained_variance\tcumulative_explained_variance");
            for (int c = 0; c < model.k(); c++) {
                text.printf(Locale.ROOT, "%d\t%.10g\t%.8f\t%.8f%n", c, model.eigenvalues()[c],
                        model.explainedVariance()[c], model.cumulativeExplained(c));
            }
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

    private static ParquetWriter<Group> writer(Path file, MessageType schema, Configuration conf) throws IOException {
        return ExampleParquetWriter.builder(file).withConf(conf).withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }
}

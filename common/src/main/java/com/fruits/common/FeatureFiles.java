package com.fruits.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The vector files of a features folder ({@code part-*.parquet}, the featurize job's output) and a reader
 * for them. A folder of an earlier version, whose vectors were SequenceFiles, is refused in one sentence.
 */
public final class FeatureFiles {
    /** The glob of the vector files inside a features folder. */
    public static final String GLOB = "part-*.parquet";

    private FeatureFiles() {
    }

    /**
     * The folder's vector files, sorted by name; none when the folder does not exist. A folder of an
     * earlier version (SequenceFile parts) is refused in one sentence.
     */
    public static List<Path> list(Configuration conf, Path features) throws IOException {
        return statuses(conf, features).stream().map(FileStatus::getPath).toList();
    }

    /** {@link #list} with each file's status (length, modification time) as the listing gave it: no stat per file. */
    public static List<FileStatus> statuses(Configuration conf, Path features) throws IOException {
        FileStatus[] parts = features.getFileSystem(conf).globStatus(new Path(features, "part-*"));
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
            if (!part.getPath().getName().endsWith(".parquet")) {
                throw new UsageException("The vectors in " + features + " are SequenceFiles of an earlier fruits "
                        + "version, which this version no longer reads; run the pipeline again on the images "
                        + "(--overwrite) to get them as Parquet");
            }
            out.add(part);
        }
        out.sort(java.util.Comparator.comparing(FileStatus::getPath));
        return out;
    }

    /** Refuses a features folder written as SequenceFiles (fruits 0.x before Parquet vectors). */
    public static void checkLayout(Configuration conf, Path features) throws IOException {
        list(conf, features);
    }

    /** Receives the rows of a file, one at a time. */
    public interface RowConsumer {
        void accept(FeatureRow row) throws IOException;
    }

    /** Reads every row of one vector file. */
    public static void read(Configuration conf, Path file, RowConsumer consumer) throws IOException {
        try (ParquetReader<FeatureRow> reader = ParquetReader.builder(new FeatureRowReadSupport(), file)
                .withConf(ParquetEncryption.forReading(new Configuration(conf))).build()) {
            for (FeatureRow row = reader.read(); row != null; row = reader.read()) {
                consumer.accept(row);
            }
        }
    }
}

package com.fruits.pca;

import com.fruits.common.FeatureFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * The sufficient statistics of a run's vectors (count, mean, centered scatter matrix), kept beside them
 * in {@code features/_scatter.seq} with the name, length and modification time of every vector file
 * they cover. A refit then reads only the files they do not cover (the batches added since) and merges
 * them in exactly (Chan, Golub and LeVeque). A covered file that changed or went (an erasure rewrites
 * files, a replaced image's old vector is removed) makes the statistics worthless: everything is read
 * again, so they never describe other vectors than the folder's.
 */
public final class KeptScatter {
    /** Hidden from every reader of the folder ("_"), as the input index is. */
    public static final String FILE = "_scatter.seq";
    private static final Text COVERS = new Text("fruits.scatter.covers");

    /** What the kept statistics cover ({@code kept}, empty when there are none), and the files they do not. */
    public record Coverage(CovariancePartial kept, List<Path> uncovered, Map<String, String> files) {
        public boolean complete() {
            return uncovered.isEmpty();
        }
    }

    private KeptScatter() {
    }

    /** The folder's vector files against its kept statistics. */
    public static Coverage of(Configuration conf, Path features) throws IOException {
        FileSystem fs = features.getFileSystem(conf);
        Map<String, String> files = new TreeMap<>();
        Map<String, Path> paths = new TreeMap<>();
        for (FileStatus file : FeatureFiles.statuses(conf, features)) {
            files.put(file.getPath().getName(), identity(file));
            paths.put(file.getPath().getName(), file.getPath());
        }
        Path kept = new Path(features, FILE);
        CovariancePartial partial = new CovariancePartial();
        Map<String, String> covered = Map.of();
        if (fs.exists(kept)) {
            try (SequenceFile.Reader reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(kept))) {
                covered = parse(reader.getMetadata().get(COVERS));
                reader.next(NullWritable.get(), partial);
            }
        }
        boolean valid = covered.entrySet().stream().allMatch(e -> e.getValue().equals(files.get(e.getKey())));
        if (!valid) {
            System.err.println("covariance: the vector files changed since their statistics were kept "
                    + "(an erasure or a replaced image): reading every vector again");
            partial = new CovariancePartial();
            covered = Map.of();
        }
        List<Path> uncovered = new ArrayList<>();
        for (Map.Entry<String, Path> file : paths.entrySet()) {
            if (!covered.containsKey(file.getKey())) {
                uncovered.add(file.getValue());
            }
        }
        return new Coverage(partial, uncovered, files);
    }

    /** Keeps {@code all}, the statistics of exactly the vector files in {@code files}, replacing the earlier ones. */
    public static void write(Configuration conf, Path features, CovariancePartial all, Map<String, String> files)
            throws IOException {
        FileSystem fs = features.getFileSystem(conf);
        StringBuilder covers = new StringBuilder();
        files.forEach((name, identity) -> covers.append(name).append('\t').append(identity).append('\n'));
        SequenceFile.Metadata metadata = new SequenceFile.Metadata();
        metadata.set(COVERS, new Text(covers.toString()));
        Path kept = new Path(features, FILE);
        Path tmp = new Path(features, "." + FILE + ".tmp");
        try (SequenceFile.Writer writer = SequenceFile.createWriter(conf, SequenceFile.Writer.file(tmp),
                SequenceFile.Writer.keyClass(NullWritable.class), SequenceFile.Writer.valueClass(CovariancePartial.class),
                SequenceFile.Writer.metadata(metadata))) {
            writer.append(NullWritable.get(), all);
        }
        // Killed between the two steps, the next refit finds no statistics and reads every vector: never wrong ones.
        fs.delete(kept, false);
        if (!fs.rename(tmp, kept)) {
            throw new IOException("Could not rename " + tmp + " to " + kept);
        }
    }

    private static String identity(FileStatus file) {
        return file.getLen() + "\t" + file.getModificationTime();
    }

    private static Map<String, String> parse(Text covers) {
        Map<String, String> out = new TreeMap<>();
        if (covers == null) {
            return out;
        }
        for (String line : covers.toString().split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
    }
}

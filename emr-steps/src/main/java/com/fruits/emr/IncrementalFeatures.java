package com.fruits.emr;

import com.fruits.common.Lineage;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.featurize.InputIndex;
import com.fruits.featurize.ModelCache;
import com.fruits.featurize.WholeFileInputFormat;
import com.fruits.gdpr.RunRewriter;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code pipeline --incremental}: featurizes only the images that the run's {@code features/} has not
 * read yet (by path, size and modification time) into a batch folder, then moves the batch's files in
 * beside the old ones. An image replaced under the same path loses its old vector first. Each step can
 * be done again, so a batch left by a killed run is finished (its job had committed) or dropped.
 */
final class IncrementalFeatures {
    private static final String BATCH_PREFIX = "_batch-";

    /** The batch's summary, or no summary when there was nothing new to featurize. */
    record Result(FeaturizeSummary summary, long replaced) {
        boolean nothingNew() {
            return summary == null;
        }
    }

    private IncrementalFeatures() {
    }

    /** Returns the result, or null when the batch's job failed (the old vectors are then untouched). */
    static Result featurize(Configuration conf, Path input, Path features) throws Exception {
        FileSystem fs = features.getFileSystem(conf);
        String made = Lineage.read(conf, features).get(Lineage.MODEL_FINGERPRINT);
        String current = ModelCache.fingerprint(conf);
        if (made != null && !made.equals(current)) {
            throw new UsageException("The vectors in " + features + " were made by another feature model ("
                    + made.substring(0, 12) + ") than --model (" + current.substring(0, 12)
                    + "); --incremental adds only to runs of the same model");
        }
        recover(conf, features);
        Configuration batchConf = new Configuration(conf);
        batchConf.set(InputIndex.SKIP_FROM, features.toString());
        if (WholeFileInputFormat.count(batchConf, input) == 0) {
            return new Result(null, 0);
        }
        String batch = InputIndex.batchId();
        Path batchDir = new Path(features, BATCH_PREFIX + batch);
        FeaturizeSummary summary = FeaturizeJob.featurize(batchConf, input, batchDir);
        if (summary == null) {
            fs.delete(batchDir, true);
            return null;
        }
        return new Result(summary, finish(conf, features, batchDir, batch));
    }

    /** Finishes the batches a killed run left whose job had committed, and drops the others. */
    static void recover(Configuration conf, Path features) throws IOException {
        FileSystem fs = features.getFileSystem(conf);
        FileStatus[] left = fs.globStatus(new Path(features, BATCH_PREFIX + "*"));
        for (FileStatus dir : left == null ? new FileStatus[0] : left) {
            String batch = dir.getPath().getName().substring(BATCH_PREFIX.length());
            if (InputIndex.committed(conf, dir.getPath())) {
                System.err.println("pipeline: finishing batch " + batch + ", left by a run that stopped after its job committed");
                finish(conf, features, dir.getPath(), batch);
            } else {
                System.err.println("pipeline: dropping batch " + batch + ", left unfinished by a run that stopped");
                fs.delete(dir.getPath(), true);
            }
        }
    }

    /**
     * Moves a committed batch in: old vectors of the images it read again go first (from files of
     * earlier batches only), then its vectors and rejected lines, and its index last, which makes the
     * batch part of the run. Every step can run again after a kill. Returns how many images were replaced.
     */
    private static long finish(Configuration conf, Path features, Path batchDir, String batch) throws IOException {
        FileSystem fs = features.getFileSystem(conf);
        String suffix = "-" + batch;
        Set<String> replaced = new HashSet<>(InputIndex.read(conf, batchDir).keySet());
        replaced.retainAll(InputIndex.read(conf, features).keySet());
        if (!replaced.isEmpty()) {
            new RunRewriter(conf, features.getParent()).removeFeatures(replaced, suffix);
        }
        moveAll(fs, batchDir, "part-*", features, suffix);
        moveAll(fs, new Path(batchDir, "rejected"), "part-*", new Path(features, "rejected"), suffix);
        moveAll(fs, new Path(batchDir, InputIndex.DIR), "*", new Path(features, InputIndex.DIR), "");
        fs.delete(batchDir, true);
        return replaced.size();
    }

    private static void moveAll(FileSystem fs, Path from, String glob, Path to, String suffix) throws IOException {
        FileStatus[] files = fs.globStatus(new Path(from, glob));
        if (files == null || files.length == 0) {
            return;
        }
        fs.mkdirs(to);
        for (FileStatus file : files) {
            Path target = new Path(to, file.getPath().getName() + suffix);
            if (!fs.rename(file.getPath(), target)) {
                throw new IOException("Could not move " + file.getPath() + " to " + target);
            }
        }
    }
}

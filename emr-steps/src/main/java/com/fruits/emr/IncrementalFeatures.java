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
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code pipeline --incremental}: featurizes only the images that the run's {@code features/} has not
 * read yet (by path, size and modification time) into a batch folder, then moves the batch's files in
 * beside the old ones. An image replaced under the same path loses its old vector first.
 */
final class IncrementalFeatures {
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
        Configuration batchConf = new Configuration(conf);
        batchConf.set(InputIndex.SKIP_FROM, features.toString());
        if (WholeFileInputFormat.list(batchConf, input).isEmpty()) {
            return new Result(null, 0);
        }
        Map<String, String> before = InputIndex.read(conf, features);
        String batch = InputIndex.batchId();
        Path batchDir = new Path(features, "_batch-" + batch);
        FeaturizeSummary summary = FeaturizeJob.featurize(batchConf, input, batchDir);
        if (summary == null) {
            fs.delete(batchDir, true);
            return null;
        }
        Set<String> replaced = new HashSet<>(InputIndex.read(conf, batchDir).keySet());
        replaced.retainAll(before.keySet());
        if (!replaced.isEmpty()) {
            new RunRewriter(conf, features.getParent()).removeFeatures(replaced);
        }
        moveAll(fs, batchDir, "part-*", features, "-" + batch);
        moveAll(fs, new Path(batchDir, "rejected"), "part-*", new Path(features, "rejected"), "-" + batch);
        moveAll(fs, new Path(batchDir, InputIndex.DIR), "*", new Path(features, InputIndex.DIR), "");
        fs.delete(batchDir, true);
        return new Result(summary, replaced.size());
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

package com.fruits.pipeline;

import com.fruits.common.FeatureFiles;
import com.fruits.common.Lineage;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.FeaturizeMapper;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.featurize.InputIndex;
import com.fruits.featurize.ModelCache;
import com.fruits.featurize.WholeFileInputFormat;
import com.fruits.featurize.image.PhotoReading;
import com.fruits.gdpr.RunRewriter;
import com.fruits.pca.ProjectionJob;
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
 * read yet (by path, size and modification time) into a batch folder of the run, laid out like the run
 * ({@code _batch-<id>/features}, {@code _batch-<id>/rejected}), then moves the batch's files in beside
 * the old ones. An image replaced under the same path loses its old vector first. Each step can be done
 * again, so a batch left by a killed run is finished (its job had committed) or dropped; a batch whose own
 * projection did not finish leaves the run incomplete, and the next run projects everything again.
 */
public final class IncrementalFeatures {
    private static final String BATCH_PREFIX = "_batch-";

    /**
     * The batch's id and summary (none when there was nothing new to featurize), the images it replaced, and the
     * seconds of its own projection (0 when it was not projected on its own).
     */
    record Result(String batch, FeaturizeSummary summary, long replaced, double projectSeconds, SameBytes.Resolution same) {
        boolean nothingNew() {
            return summary == null;
        }
    }

    private IncrementalFeatures() {
    }

    /**
     * Refuses a batch whose vectors would not be comparable with the run's in {@code features} (another
     * feature model, another decode mode). Called before the run is claimed, so a refusal leaves it as it was.
     */
    static void checkComparable(Configuration conf, Path features) throws IOException {
        Map<String, String> lineage = Lineage.read(conf, features);
        String made = lineage.get(Lineage.MODEL_FINGERPRINT);
        String current = ModelCache.fingerprint(conf);
        if (made != null && !made.equals(current)) {
            throw new UsageException("The vectors in " + features + " were made by another feature model ("
                    + made.substring(0, 12) + ") than --model (" + current.substring(0, 12)
                    + "); --incremental adds only to runs of the same model");
        }
        PhotoReading.requireSame(FeaturizeConfigKeys.reading(conf), "This batch", PhotoReading.ofLineage(lineage),
                "the run's vectors in " + features);
    }

    /**
     * Returns the result, or null when the batch's job failed (the old vectors are then untouched). With a
     * {@code pca}, the batch's vectors alone are projected with it, and move in with them.
     */
    static Result featurize(Configuration conf, Path input, Path features, Path pca, Set<String> owned) throws Exception {
        FeatureFiles.checkLayout(conf, features);
        Path run = features.getParent();
        FileSystem fs = features.getFileSystem(conf);
        recover(conf, run);
        Configuration batchConf = new Configuration(conf);
        batchConf.set(InputIndex.SKIP_FROM, features.toString());
        batchConf.set(InputIndex.TOMBSTONES_OF, run.toString());
        String batch = InputIndex.batchId();
        Path batchDir = new Path(run, BATCH_PREFIX + batch);
        // Listed once: the job reads this listing instead of walking the input again.
        Path listing = new Path(batchDir, "_listing.tsv");
        if (WholeFileInputFormat.countAndKeep(batchConf, input, listing) == 0) {
            return new Result(null, null, 0, 0, null);
        }
        // The bytes the run holds: a photo with them is moved or copied, not featurized again.
        Map<String, String> before = InputIndex.contents(conf, features);
        Path knownContent = new Path(batchDir, "_known-content.txt");
        try (java.io.Writer out = new java.io.OutputStreamWriter(fs.create(knownContent, true), java.nio.charset.StandardCharsets.UTF_8)) {
            for (String sha : new java.util.TreeSet<>(before.values())) {
                out.write(sha + "\n");
            }
        }
        batchConf.set(FeaturizeMapper.KNOWN_CONTENT, knownContent.toString());
        FeaturizeSummary summary = FeaturizeJob.featurize(batchConf, input, new Path(batchDir, RunFolders.FEATURES));
        fs.delete(listing, false); // its paths are in the batch's index now, or the batch is dropped
        fs.delete(knownContent, false);
        // Before the batch is projected: duplicates and erased copies leave it, moved photos get their vectors.
        SameBytes.Resolution same = summary == null ? null : resolve(conf, run, batchDir, before, owned);
        long projectStart = System.nanoTime();
        boolean project = pca != null && summary != null && summary.featurized() > 0;
        if (summary == null || project && !ProjectionJob.project(conf, new Path(batchDir, RunFolders.FEATURES), pca,
                new Path(batchDir, RunFolders.PROJECTED))) {
            // The batch's rejected list stays for the user to read (the message names it); the next run drops it.
            fs.delete(new Path(batchDir, RunFolders.FEATURES), true);
            return null;
        }
        double projectSeconds = project ? (System.nanoTime() - projectStart) / 1e9 : 0;
        return new Result(batch, summary, finish(conf, run, batchDir, batch, same), projectSeconds, same);
    }

    /** Finishes the batches a killed run left whose job had committed, and drops the others. */
    public static void recover(Configuration conf, Path run) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        FileStatus[] left = fs.globStatus(new Path(run, BATCH_PREFIX + "*"));
        for (FileStatus dir : left == null ? new FileStatus[0] : left) {
            String batch = dir.getPath().getName().substring(BATCH_PREFIX.length());
            if (InputIndex.committed(conf, new Path(dir.getPath(), RunFolders.FEATURES))) {
                System.err.println("pipeline: finishing batch " + batch + ", left by a run that stopped after its job committed");
                finish(conf, run, dir.getPath(), batch, null);
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
    private static long finish(Configuration conf, Path run, Path batchDir, String batch, SameBytes.Resolution resolved)
            throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        // A batch finished after a kill is resolved again (idempotent), with the run's kept manifest as owner list.
        SameBytes.Resolution same = resolved != null ? resolved : resolve(conf, run, batchDir,
                InputIndex.contents(conf, new Path(run, RunFolders.FEATURES)), keptSubjectPaths(conf, run));
        String suffix = "-" + batch;
        Path features = new Path(run, RunFolders.FEATURES);
        Path batchFeatures = new Path(batchDir, RunFolders.FEATURES);
        Set<String> replaced = new HashSet<>(InputIndex.read(conf, batchFeatures).keySet());
        replaced.retainAll(InputIndex.read(conf, features).keySet());
        // The run's projected rows are rewritten only when the batch brings its own: otherwise all are made again.
        boolean projectedToo = fs.exists(new Path(batchDir, RunFolders.PROJECTED));
        if (!replaced.isEmpty()) {
            new RunRewriter(conf, run).removeFeatures(replaced, suffix, projectedToo);
        }
        SameBytes.finishMoves(conf, run, same.moved(), suffix, projectedToo);
        moveAll(fs, batchFeatures, FeatureFiles.GLOB, features, suffix);
        moveAll(fs, new Path(batchDir, RunFolders.REJECTED), "part-*", new Path(run, RunFolders.REJECTED), suffix);
        moveAll(fs, new Path(batchDir, RunFolders.PROJECTED), FeatureFiles.GLOB, new Path(run, RunFolders.PROJECTED), suffix);
        moveAll(fs, new Path(batchFeatures, InputIndex.DIR), "*", new Path(features, InputIndex.DIR), "");
        fs.delete(batchDir, true);
        return replaced.size();
    }

    /** Resolves the batch's photos by their bytes against the run's and applies it to the batch (idempotent). */
    private static SameBytes.Resolution resolve(Configuration conf, Path run, Path batchDir, Map<String, String> before,
                                                Set<String> owned) throws IOException {
        SameBytes.Resolution same = SameBytes.resolve(conf, run, batchDir, before, owned);
        SameBytes.apply(conf, batchDir, same);
        SameBytes.copyMoved(conf, run, batchDir, same.moved());
        return same;
    }

    /** The paths the run's kept subject manifest gives to a subject. */
    static Set<String> keptSubjectPaths(Configuration conf, Path run) throws IOException {
        Path kept = new Path(run, SubjectManifest.FILE);
        return kept.getFileSystem(conf).exists(kept) ? SubjectManifest.read(kept, conf).entries().stream()
                .map(SubjectManifest.Entry::path).collect(java.util.stream.Collectors.toSet()) : Set.of();
    }

    /** Moves the files, the batch's suffix before any extension: part-m-00000-20261126T....parquet. */
    private static void moveAll(FileSystem fs, Path from, String glob, Path to, String suffix) throws IOException {
        FileStatus[] files = fs.globStatus(new Path(from, glob));
        if (files == null || files.length == 0) {
            return;
        }
        fs.mkdirs(to);
        for (FileStatus file : files) {
            String name = file.getPath().getName();
            int dot = name.indexOf('.');
            String renamed = dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot);
            Path target = new Path(to, renamed);
            if (!fs.rename(file.getPath(), target)) {
                throw new IOException("Could not move " + file.getPath() + " to " + target);
            }
        }
    }
}

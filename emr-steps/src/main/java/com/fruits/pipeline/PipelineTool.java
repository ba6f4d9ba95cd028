package com.fruits.pipeline;

import com.fruits.common.CommandOptions;
import com.fruits.common.ConfigKey;
import com.fruits.common.Lineage;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import com.fruits.common.Tombstones;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.FeaturizeJob;
import com.fruits.featurize.FeaturizeSummary;
import com.fruits.featurize.InputIndex;
import com.fruits.featurize.ModelCache;
import com.fruits.featurize.ModelCheck;
import com.fruits.featurize.image.PhotoReading;
import com.fruits.gdpr.RewriteTransaction;
import com.fruits.pca.CovarianceJob;
import com.fruits.pca.PcaConfigKeys;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import com.fruits.pca.ProjectionJob;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits pipeline}: the three jobs in order, under one output folder:
 * {@code features/} (the vectors), {@code rejected/} (what could not be read), {@code pca/} (the
 * model) and {@code projected/} (the Parquet), then a short summary.
 */
public class PipelineTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("pipeline",
            "Featurizes every image under --input, fits a PCA of the vectors (or takes an earlier run's with\n"
                    + "--pca-from) and writes the projected vectors as Parquet: --output gets features/ (1280-d\n"
                    + "vectors), rejected/, pca/ and projected/ (k-d vectors), all Parquet but rejected/.",
            List.of(RunConfigKeys.INPUT, RunConfigKeys.OUTPUT, FeaturizeConfigKeys.MODEL, PcaConfigKeys.K,
                    PcaConfigKeys.CENTER, PipelineConfigKeys.PCA_FROM, RunConfigKeys.SUBJECTS, RunConfigKeys.SUBJECT_COLUMN, RunConfigKeys.LIMIT, FeaturizeConfigKeys.ENGINE, FeaturizeConfigKeys.KERAS_WEIGHTS, FeaturizeConfigKeys.BATCH_SIZE,
                    FeaturizeConfigKeys.TF_THREADS, FeaturizeConfigKeys.SPLIT_SIZE, FeaturizeConfigKeys.DECODE, FeaturizeConfigKeys.ORIENTATION, FeaturizeConfigKeys.MAX_PIXELS,
                    FeaturizeConfigKeys.MAX_REJECTED_RATIO, PcaConfigKeys.COVARIANCE_REDUCERS,
                    RunConfigKeys.COMPRESSION, RunConfigKeys.ENCRYPTION_KEY, RunConfigKeys.INCREMENTAL,
                    PipelineConfigKeys.REFIT_PCA, RunConfigKeys.OVERWRITE));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        FeaturizeConfigKeys.MODEL.require(conf);
        Path input = RunFolders.input(conf);
        String pcaFrom = PipelineConfigKeys.PCA_FROM.get(conf);
        if (pcaFrom != null) {
            if (!RunFolders.isComplete(conf, new Path(pcaFrom))) {
                throw new UsageException("--pca-from " + pcaFrom + " is an unfinished run (killed or failed); "
                        + "finish it with 'pipeline --incremental' first, or fit a new PCA");
            }
            checkSameFeatureModel(conf, new Path(pcaFrom, RunFolders.PCA));
        }
        String subjectsFile = RunConfigKeys.SUBJECTS.get(conf);
        SubjectManifest subjects = subjectsFile == null ? null : SubjectManifest.read(new Path(subjectsFile), conf);
        RunFolders.checkOutputFree(conf, OPTIONS);
        Path earlier = new Path(RunConfigKeys.OUTPUT.require(conf), RunFolders.FEATURES);
        if (RunConfigKeys.INCREMENTAL.getBoolean(conf) && InputIndex.committed(conf, earlier)) {
            IncrementalFeatures.checkComparable(conf, earlier);
        }
        ModelCheck.loadable(conf, input);
        try (RunFolders.Claim claim = RunFolders.output(conf, OPTIONS)) {
            String recovered = RewriteTransaction.recover(conf, claim.folder());
            if (recovered != null) {
                System.err.println("pipeline: " + recovered);
            }
            return run(conf, claim, input, pcaFrom, subjects);
        }
    }

    /**
     * The three jobs into the claimed folder; the run is marked complete only after the last output
     * (the report) is written, so that exit 0 and a complete marker always describe one set of images.
     */
    private static int run(Configuration conf, RunFolders.Claim claim, Path input, String pcaFrom, SubjectManifest subjects)
            throws Exception {
        Path output = claim.folder();
        Path features = new Path(output, RunFolders.FEATURES);
        Path pca = pcaFrom == null ? new Path(output, RunFolders.PCA) : new Path(pcaFrom, RunFolders.PCA);
        Path projected = new Path(output, RunFolders.PROJECTED);

        long t0 = System.currentTimeMillis();
        FeaturizeSummary summary;
        FileSystem fs = output.getFileSystem(conf);
        boolean incremental = RunConfigKeys.INCREMENTAL.getBoolean(conf);
        IncrementalFeatures.Result projectedAlone = null; // a batch projected on its own with the run's PCA
        if (incremental && InputIndex.committed(conf, features)) {
            boolean refit = fs.exists(new Path(output, RunFolders.PCA_REFIT_PENDING)) && pcaFrom == null;
            // By default, on a finished run, the batch alone is projected with the PCA as it is: the run's
            // vectors stay comparable over time, and the cost is the batch's, whatever the run's size.
            boolean keepPca = !PipelineConfigKeys.REFIT_PCA.getBoolean(conf) && claim.wasComplete() && !refit
                    && fs.exists(new Path(pca, PcaModelFiles.COMPONENTS)) && fs.exists(projected);
            IncrementalFeatures.Result batch = IncrementalFeatures.featurize(conf, input, features, keepPca ? pca : null,
                    ownedPaths(conf, output, input, subjects));
            if (batch == null) {
                return 1;
            }
            if (batch.same() != null && !batch.same().isEmpty()) {
                System.out.println(batch.same().summary());
            }
            if (batch.nothingNew() && claim.wasComplete() && !refit) {
                keepSubjects(conf, output, input, subjects);
                claim.complete();
                System.out.println("pipeline: no new or changed image under " + input + "; " + output + " is up to date.");
                return 0;
            }
            if (batch.nothingNew()) {
                System.out.println("pipeline: no new image, but " + (refit ? "images were erased from " + output
                        + " since its PCA was fitted" : "the earlier run in " + output + " stopped before its end")
                        + "; fitting the PCA and projecting again.");
                summary = FeaturizeSummary.NOTHING_NEW;
            } else {
                summary = batch.summary();
            }
            if (batch.replaced() > 0) {
                System.out.println("pipeline: " + batch.replaced() + " image(s) changed since they were featurized; "
                        + "their old vectors were dropped.");
            }
            if (keepPca && !batch.nothingNew()) {
                projectedAlone = batch;
            } else {
                // Fitted on the old vectors only: fitted again below, then everything projected again.
                if (pcaFrom == null) {
                    fs.delete(pca, true);
                }
                fs.delete(projected, true);
            }
        } else {
            if (incremental && fs.exists(features)) {
                System.out.println("pipeline: the earlier run in " + output + " stopped before its featurize job "
                        + "committed; featurizing again.");
            }
            for (String stage : new String[] {RunFolders.FEATURES, RunFolders.REJECTED, RunFolders.PCA, RunFolders.PROJECTED,
                    PcaModelFiles.SUMMARY, RunReport.FILE}) {
                if (pcaFrom == null || !stage.equals(RunFolders.PCA)) {
                    fs.delete(new Path(output, stage), true);
                }
            }
            summary = FeaturizeJob.featurize(conf, input, features);
            if (summary != null) {
                // The same bytes twice in the input, or a copy of a photo erased from this run (kept through --overwrite).
                SameBytes.Resolution same = SameBytes.resolve(conf, output, output, Map.of(),
                        ownedPaths(conf, output, input, subjects));
                SameBytes.apply(conf, output, same);
                if (!same.isEmpty()) {
                    System.out.println(same.summary());
                }
            }
        }
        if (summary == null) {
            return 1;
        }
        List<String> unboundRows = keepSubjects(conf, output, input, subjects);
        boolean batchOnly = projectedAlone != null;
        double batchProjectSeconds = batchOnly ? projectedAlone.projectSeconds() : 0;
        long t1 = System.currentTimeMillis();
        PcaModel model = pcaFrom == null && !batchOnly ? CovarianceJob.refit(conf, features, pca)
                : PcaModelFiles.read(pca, conf);
        if (model == null) {
            return 1;
        }
        long t2 = System.currentTimeMillis();
        if (!batchOnly && !ProjectionJob.project(conf, features, pca, projected)) {
            return 1;
        }
        long t3 = System.currentTimeMillis();
        double featurizeSeconds = (t1 - t0) / 1e3 - batchProjectSeconds;
        double pcaSeconds = (t2 - t1) / 1e3;
        double projectSeconds = batchOnly ? batchProjectSeconds : (t3 - t2) / 1e3;
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("featurize", featurizeSeconds);
        stages.put(pcaFrom == null && !batchOnly ? "covariance + PCA" : "PCA (reused)", pcaSeconds);
        stages.put(batchOnly ? "projection (the batch alone)" : "projection", projectSeconds);
        Map<String, String> settings = new LinkedHashMap<>();
        for (ConfigKey key : OPTIONS.keys()) {
            if (key.get(conf) != null) {
                settings.put(key.property(), key.get(conf));
            }
        }
        PcaModelFiles.lineage(pca, conf).forEach((key, value) -> settings.put("lineage: " + key, value));
        if (!unboundRows.isEmpty()) {
            settings.put("subject manifest rows naming no image", unboundRows.size() + " (first: " + unboundRows.get(0) + ")");
        }
        PcaModelFiles.writeSummary(model, new Path(output, PcaModelFiles.SUMMARY), conf);
        Path report = RunReport.write(conf, output, summary, model, stages, settings);
        if (pcaFrom == null && !batchOnly) {
            fs.delete(new Path(output, RunFolders.PCA_REFIT_PENDING), false); // fitted on what the run holds now
        }
        claim.complete();
        long vectors = batchOnly ? summary.featurized() : model.n();
        String pcaStage = batchOnly ? "the run's PCA kept (--refit-pca fits it again; " + BatchDrift.describe(conf, features,
                projectedAlone.batch(), model) + ")"
                : pcaFrom == null
                ? String.format(Locale.ROOT, "covariance + PCA %.1f s (%.0f vectors/s)", pcaSeconds, vectors / pcaSeconds)
                : "PCA model of " + pcaFrom + " (no covariance job)";
        System.out.println(String.format(Locale.ROOT,
                "%n== fruits pipeline: done in %.1f s ==%n%s%n%s%n"
                        + "time: featurize %.1f s; %s; projection %.1f s (%.0f vectors/s); "
                        + "PCA + projection = %.1f%% of featurize%n"
                        + "Parquet: %s%nPCA model: %s (explained variance: %s)%nrejected files: %s%nreport: %s",
                (t3 - t0) / 1e3, summary, CovarianceJob.describe(model), featurizeSeconds, pcaStage, projectSeconds,
                vectors / projectSeconds, 100 * (pcaSeconds + projectSeconds) / featurizeSeconds, projected, pca,
                new Path(output, PcaModelFiles.SUMMARY),
                new Path(output, RunFolders.REJECTED), report));
        return 0;
    }

    /** The paths the run's kept manifest and the new one ({@code --subjects}) give to a subject. */
    private static Set<String> ownedPaths(Configuration conf, Path output, Path input, SubjectManifest subjects)
            throws IOException {
        Set<String> owned = new java.util.HashSet<>(IncrementalFeatures.keptSubjectPaths(conf, output));
        if (subjects != null) {
            subjects.resolvedAgainst(input, Set.of(), System.getProperty("user.dir")).entries()
                    .forEach(e -> owned.add(e.path()));
        }
        return owned;
    }

    /**
     * Keeps the subject manifest beside the vectors, never inside them: erase, export and retention join on the path.
     * Returns the rows that name no image of the input (reported, and in the run's report).
     */
    private static List<String> keepSubjects(Configuration conf, Path output, Path input, SubjectManifest subjects)
            throws IOException {
        if (subjects == null) {
            return List.of();
        }
        Path kept = new Path(output, SubjectManifest.FILE);
        Set<String> indexed = InputIndex.read(conf, new Path(output, RunFolders.FEATURES)).keySet();
        SubjectManifest bound = subjects.resolvedAgainst(input, indexed, System.getProperty("user.dir"));
        Tombstones tombstones = Tombstones.of(conf, output);
        SubjectManifest resolved = bound.withoutErased(tombstones);
        int erased = bound.entries().size() - resolved.entries().size();
        if (erased > 0) {
            System.err.println("subjects: " + erased + " row(s) of the manifest name images erased from " + output
                    + " (fruits erase or retention); they are not kept, and the images are not featurized again");
        }
        List<SubjectManifest.Entry> outside = resolved.outside(input);
        if (!outside.isEmpty()) {
            System.err.println("subjects: " + outside.size() + " row(s) of the manifest name images that are not under "
                    + input + " (first: " + outside.get(0).path() + "); they are kept, but no image of this run matches them");
        }
        // Every row accounted for: one that names no image read (a typo, a photo not uploaded) binds nobody's photo.
        List<String> unread = resolved.entries().stream().filter(e -> !outside.contains(e) && !indexed.contains(e.path()))
                .map(SubjectManifest.Entry::path).toList();
        if (!unread.isEmpty()) {
            System.err.println("subjects: WARNING: " + unread.size() + " row(s) of the manifest name no image under " + input
                    + " (first: " + String.join(", ", unread.subList(0, Math.min(3, unread.size()))) + "): a typo, or a "
                    + "photo not uploaded yet? They are kept, but give no photo to their subject; erase and export of those "
                    + "subjects will exit 1 until the manifest is corrected");
        }
        boolean earlier = kept.getFileSystem(conf).exists(kept);
        (earlier ? SubjectManifest.read(kept, conf).mergedWith(resolved) : resolved).write(kept, conf);
        conf.set(RunConfigKeys.SUBJECTS.property(), kept.toString()); // full paths, for --subject-column
        return unread;
    }

    /** Refuses a PCA model fitted on the vectors of another feature model than {@code --model}: they are not comparable. */
    static void checkSameFeatureModel(Configuration conf, Path pca) throws IOException {
        if (!pca.getFileSystem(conf).exists(new Path(pca, PcaModelFiles.COMPONENTS))) {
            throw new UsageException("--pca-from " + pca.getParent() + " holds no PCA model (no "
                    + PcaModelFiles.COMPONENTS + " in its pca/ folder)");
        }
        Map<String, String> pcaLineage = PcaModelFiles.lineage(pca, conf);
        String fitted = pcaLineage.get(Lineage.MODEL_FINGERPRINT);
        String current = ModelCache.fingerprint(conf);
        if (!current.equals(fitted)) {
            throw new UsageException("The PCA model in " + pca + " was fitted on vectors of another feature model ("
                    + (fitted == null ? "unknown" : fitted.substring(0, 12)) + ") than --model (" + current.substring(0, 12)
                    + "); fit a new PCA without --pca-from, or featurize with the model it was fitted on");
        }
        PhotoReading.requireSame(FeaturizeConfigKeys.reading(conf), "This run", PhotoReading.ofLineage(pcaLineage),
                "the vectors the PCA model in " + pca + " was fitted on");
    }
}

package com.fruits.pipeline;

import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;
import com.fruits.common.Lineage;
import com.fruits.common.RunFolders;
import com.fruits.common.Tombstones;
import com.fruits.featurize.ImageLabels;
import com.fruits.featurize.InputIndex;
import com.fruits.gdpr.RunRewriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Photos known by their bytes (the SHA-256 the featurize tasks put in the input index), resolved after a
 * featurize job into a run or a batch of it, so that a photo is in a run once whatever its names:
 * <ul>
 * <li>bytes the run holds under a path that is gone: a <em>move</em> (a renamed folder, a migrated bucket
 *     prefix); the tasks do not featurize it again, the new path takes the old vector (the same bytes give the
 *     same vector) under its own label, the old rows leave when the batch moves in, and the subject manifest's
 *     rows follow the photo;</li>
 * <li>bytes read twice while both paths exist (two label folders, a copy): the first path (the run's, else
 *     the first in path order) keeps its row, the others are rejected as {@code DUPLICATE} naming it, with the
 *     labels when they differ;</li>
 * <li>bytes of a photo erased from the run (its content tombstone), under a new name: left out, counted
 *     {@code ERASED} and not listed by path, unless the subject manifest gives that copy to a subject.</li>
 * </ul>
 */
final class SameBytes {
    /** What a job's photos turned out to be: moved (new path to old), duplicates (path to the first), erased. */
    record Resolution(Map<String, String> moved, Map<String, String> duplicates, List<String> erased, List<String> conflicts) {
        boolean isEmpty() {
            return moved.isEmpty() && duplicates.isEmpty() && erased.isEmpty();
        }

        /** One line for the pipeline's output; empty when nothing was found. */
        String summary() {
            if (isEmpty()) {
                return "";
            }
            return "pipeline: known by their bytes: " + moved.size() + " photo(s) moved (their rows now under the new path, "
                    + "nothing doubled), " + duplicates.size() + " duplicate(s) rejected as DUPLICATE"
                    + (conflicts.isEmpty() ? "" : " (" + conflicts.size() + " under another label, e.g. " + conflicts.get(0) + ")")
                    + ", " + erased.size() + " copy(ies) of erased photos left out (ERASED)";
        }
    }

    private SameBytes() {
    }

    /**
     * Resolves the photos a job read into {@code jobDir} (the run itself, or a batch folder laid out like it):
     * {@code before} is the run's content index from before the job (empty for a first run), {@code owned}
     * the paths the subject manifest gives to a subject.
     */
    static Resolution resolve(Configuration conf, Path run, Path jobDir, Map<String, String> before, Set<String> owned)
            throws IOException {
        String root = Lineage.read(conf, new Path(jobDir, RunFolders.FEATURES)).get(Lineage.INPUT);
        Map<String, String> job = new TreeMap<>(InputIndex.contents(conf, new Path(jobDir, RunFolders.FEATURES)));
        Map<String, List<String>> runByContent = new HashMap<>();
        before.forEach((path, sha) -> runByContent.computeIfAbsent(sha, s -> new ArrayList<>()).add(path));
        Tombstones tombstones = Tombstones.of(conf, run);
        FileSystem fs = run.getFileSystem(conf);
        Map<String, String> firstInJob = new HashMap<>();
        Map<String, String> moved = new LinkedHashMap<>();
        Map<String, String> duplicates = new LinkedHashMap<>();
        List<String> erased = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, String> photo : job.entrySet()) {
            String path = photo.getKey();
            String sha = photo.getValue();
            if (tombstones.erasedContent(sha) && !owned.contains(path)) {
                erased.add(path);
                continue;
            }
            List<String> known = runByContent.getOrDefault(sha, List.of()).stream().filter(p -> !p.equals(path)).toList();
            String first = null;
            if (!known.isEmpty()) {
                first = known.stream().filter(p -> exists(fs, p)).findFirst().orElse(null);
                if (first == null) {
                    moved.put(path, known.get(0));
                    continue;
                }
            } else {
                first = firstInJob.putIfAbsent(sha, path);
            }
            if (first != null) {
                duplicates.put(path, first);
                String label = ImageLabels.labelOf(root, path);
                String firstLabel = ImageLabels.labelOf(root, first);
                if (label != null && firstLabel != null && !label.equals(firstLabel)) {
                    conflicts.add(path + " is labelled " + label + ", its first copy " + firstLabel);
                }
            }
        }
        return new Resolution(moved, duplicates, erased, conflicts);
    }

    /**
     * Applies a resolution to the job's folder: duplicates' and erased copies' rows removed (their vectors would
     * count twice, or bring an erased photo back), duplicates listed as rejected, erased copies' index lines
     * removed (never listed by path). The moves are finished in the run by {@link #finishMoves}.
     */
    static void apply(Configuration conf, Path jobDir, Resolution resolution) throws IOException {
        if (resolution.duplicates().isEmpty() && resolution.erased().isEmpty()) {
            return;
        }
        Map<String, String> lengths = InputIndex.read(conf, new Path(jobDir, RunFolders.FEATURES));
        java.util.Set<String> dropped = new java.util.HashSet<>(resolution.duplicates().keySet());
        dropped.addAll(resolution.erased());
        RunRewriter job = new RunRewriter(conf, jobDir);
        job.removeFeatures(dropped);
        job.removeIndexLines(java.util.Set.copyOf(resolution.erased()));
        if (!resolution.duplicates().isEmpty()) {
            Path rejected = new Path(jobDir, RunFolders.REJECTED + "/part-d-00000");
            FileSystem fs = rejected.getFileSystem(conf);
            try (Writer out = new OutputStreamWriter(fs.create(rejected, true), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> d : resolution.duplicates().entrySet()) {
                    String length = lengths.getOrDefault(d.getKey(), "0\t").split("\t")[0];
                    out.write(d.getKey() + "\tDUPLICATE\t" + length + "\tthe same bytes as " + d.getValue() + "\n");
                }
            }
        }
    }

    /**
     * The moved photos, which the tasks did not featurize again, get their old path's vector (the same bytes give
     * the same vector) under the new path and label, or its rejection, in the job's folder. Idempotent: the
     * copies are written whole under fixed names.
     */
    static void copyMoved(Configuration conf, Path run, Path jobDir, Map<String, String> moved) throws IOException {
        if (moved.isEmpty()) {
            return;
        }
        Path jobFeatures = new Path(jobDir, RunFolders.FEATURES);
        Map<String, String> lineage = Lineage.read(conf, jobFeatures);
        String root = lineage.get(Lineage.INPUT);
        Map<String, String> oldToNew = new HashMap<>();
        moved.forEach((newPath, oldPath) -> oldToNew.put(oldPath, newPath));
        List<FeatureRow> rows = new ArrayList<>();
        for (Path file : FeatureFiles.list(conf, new Path(run, RunFolders.FEATURES))) {
            FeatureFiles.read(conf, file, row -> {
                String to = oldToNew.get(row.path());
                if (to != null) {
                    String label = ImageLabels.labelOf(root, to);
                    rows.add(new FeatureRow(to, label != null ? label : row.label(), row.features()));
                }
            });
        }
        Map<String, String> footer = new HashMap<>();
        lineage.forEach((key, value) -> footer.put("fruits." + key, value));
        try (ParquetWriter<FeatureRow> out = new FeatureRowWriteSupport.Builder(HadoopOutputFile.fromPath(
                new Path(jobFeatures, "part-v-00000.parquet"), conf), footer).withConf(conf).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (FeatureRow row : rows) {
                out.write(row);
            }
        }
        // A moved photo that was rejected keeps its rejection under the new path.
        FileSystem fs = run.getFileSystem(conf);
        List<String> rejected = new ArrayList<>();
        FileStatus[] lists = fs.globStatus(new Path(run, RunFolders.REJECTED + "/part-*"));
        for (FileStatus list : lists == null ? new FileStatus[0] : lists) {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(list.getPath()),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> {
                    String[] cells = line.split("\t", 2);
                    if (cells.length == 2 && oldToNew.containsKey(cells[0])) {
                        rejected.add(oldToNew.get(cells[0]) + "\t" + cells[1]);
                    }
                });
            }
        }
        if (!rejected.isEmpty()) {
            try (Writer out = new OutputStreamWriter(fs.create(new Path(jobDir, RunFolders.REJECTED + "/part-v-00000"), true),
                    StandardCharsets.UTF_8)) {
                for (String line : rejected) {
                    out.write(line + "\n");
                }
            }
        }
    }

    /** In the run: the moved photos' old rows and index lines removed, their manifest rows given the new path. */
    static void finishMoves(Configuration conf, Path run, Map<String, String> moved, String keepSuffix, boolean projectedToo)
            throws IOException {
        if (moved.isEmpty()) {
            return;
        }
        Map<String, String> oldToNew = new HashMap<>();
        moved.forEach((newPath, oldPath) -> oldToNew.put(oldPath, newPath));
        RunRewriter rewriter = new RunRewriter(conf, run);
        rewriter.removeFeatures(oldToNew.keySet(), keepSuffix, projectedToo);
        rewriter.removeIndexLines(oldToNew.keySet());
        rewriter.rebindSubjects(oldToNew);
    }

    private static boolean exists(FileSystem fs, String path) {
        try {
            return fs.exists(new Path(path));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}

package com.fruits.gdpr;

import com.fruits.featurize.InputIndex;
import java.util.Objects;

import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;
import com.fruits.common.ParquetEncryption;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import com.fruits.common.Tombstones;
import com.fruits.evaluate.EvaluateTool;
import com.fruits.pca.KeptScatter;
import com.fruits.pipeline.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Edits the rows of given image paths in every file of one pipeline run that names an image: removes
 * them (erasure) or sets their label (rectification) in the vectors, the rejected lists, the projected
 * Parquet, the subject manifest and the input index; an erasure also leaves a tombstone, so the image is
 * not taken in again, and drops the report and the evaluation, which were built from the old rows. All
 * changes of one request on one run are one {@link RewriteTransaction}: readers see the run as it was or
 * as it is after, never in between; files without such rows are not touched. {@link #surviving} reads
 * everything again to prove the edit.
 */
public final class RunRewriter {
    /**
     * What happens to the rows of {@code paths} (each image under every spelling it may have): removed
     * when {@code label} is null, else relabelled.
     */
    record Edit(Set<String> paths, String label) {
        static Edit remove(Set<String> paths) {
            return new Edit(paths, null);
        }

        boolean removes() {
            return label == null;
        }
    }

    /** Rows changed by output, and the paths the run really held. */
    record Result(Map<String, Long> changed, Set<String> matched) {
        long imageRows() {
            return changed.getOrDefault("features", 0L) + changed.getOrDefault("rejected", 0L);
        }

        long rows() {
            return changed.entrySet().stream().filter(e -> !e.getKey().contains(".") && !e.getKey().equals("tombstones"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    /**
     * Files built from every row, dropped when rows change: they would still show the old ones (the kept
     * covariance statistics would also still hold an erased vector's share).
     */
    private static final String[] DERIVED = {RunReport.FILE, EvaluateTool.FILE,
        RunFolders.FEATURES + "/" + KeptScatter.FILE};

    private final Configuration conf;
    private final Path run;
    private final FileSystem fs;
    private final Set<String> matched = new TreeSet<>();
    private Map<String, String> contents;

    public RunRewriter(Configuration conf, Path run) throws IOException {
        this.conf = ParquetEncryption.forReading(new Configuration(conf));
        this.run = run;
        this.fs = run.getFileSystem(conf);
    }

    /**
     * Rows edited, by output ("features", "rejected", "projected", "subjects", "inputs"; "tombstones" added
     * and the derived files deleted), and the paths matched; {@code log} adds the request's line to the
     * erasure log in the same transaction.
     */
    Result apply(Edit edit, ErasureLog.Line log) throws IOException {
        RewriteTransaction tx = new RewriteTransaction(conf, run);
        // Read before the index loses their lines: the erased photos' bytes are tombstoned too.
        Map<String, String> contents = edit.removes() ? contents() : Map.of();
        Map<String, Long> changed = new LinkedHashMap<>();
        changed.put("features", each(RunFolderGlob.vectorFiles(conf, run), file -> vectors(tx, file, edit)));
        // The rejected lists, the manifest and the index hold no label: a relabelling leaves them as they are.
        changed.put("rejected", edit.removes() ? each(RunFolderGlob.rejectedFiles(conf, run), file -> lines(tx, file, edit.paths())) : 0L);
        changed.put("projected", each(RunFolderGlob.projectedFiles(conf, run), file -> parquet(tx, file, edit)));
        if (edit.removes()) {
            Path manifestFile = new Path(run, SubjectManifest.FILE);
            if (fs.exists(manifestFile)) {
                SubjectManifest manifest = SubjectManifest.read(manifestFile, conf);
                SubjectManifest kept = manifest.without(edit.paths());
                long n = manifest.entries().size() - kept.entries().size();
                manifest.entries().stream().map(SubjectManifest.Entry::path).filter(edit.paths()::contains).forEach(matched::add);
                if (n > 0) {
                    tx.replace(manifestFile, tmp -> kept.write(tmp, conf));
                }
                changed.put("subjects", n);
            }
            changed.put("inputs", each(RunFolderGlob.indexFiles(conf, run), file -> lines(tx, file, edit.paths())));
            if (changed.get("features") > 0 && fs.exists(new Path(run, RunFolders.PCA))) {
                // The PCA's mean and components still hold the erased vectors' share: refitted by the next run.
                tx.replaceText(new Path(run, RunFolders.PCA_REFIT_PENDING), "vectors were erased since the PCA was fitted\n");
            }
            if (!matched.isEmpty()) {
                Tombstones tombstones = Tombstones.of(conf, run);
                Tombstones more = tombstones.with(matched, matched.stream().map(contents::get).filter(Objects::nonNull).toList());
                tx.replaceText(new Path(run, Tombstones.KEY_FILE), more.keyFileContent());
                tx.replaceText(new Path(run, Tombstones.FILE), more.fileContent());
                changed.put("tombstones", (long) (more.size() - tombstones.size()));
            }
        }
        if (changed.values().stream().anyMatch(n -> n > 0)) {
            for (String derived : DERIVED) {
                Path file = new Path(run, derived);
                boolean exists = fs.exists(file);
                changed.put(derived, exists ? 1L : 0L);
                if (exists) {
                    tx.delete(file);
                }
            }
        }
        Result result = new Result(changed, Set.copyOf(matched));
        if (log != null && !tx.isEmpty()) {
            tx.replaceText(new Path(run, ErasureLog.FILE), ErasureLog.withLine(fs, run, log, changed));
        }
        tx.commit();
        return result;
    }

    /**
     * Reads every output again: the rows that still hold what the edit undid (a removed path, or a
     * relabelled path under another label), by output. All zero when the edit is complete.
     */
    Map<String, Long> surviving(Edit edit) throws IOException {
        Set<String> paths = edit.paths();
        Map<String, Long> left = new LinkedHashMap<>();
        long[] vectors = {0};
        for (Path file : RunFolderGlob.vectorFiles(conf, run)) {
            FeatureFiles.read(conf, file, row -> vectors[0] += paths.contains(row.path())
                    && (edit.removes() || !edit.label().equals(row.label())) ? 1 : 0);
        }
        left.put("features", vectors[0]);
        long projected = 0;
        for (Path file : RunFolderGlob.projectedFiles(conf, run)) {
            for (Group row : ParquetGroups.read(file, conf)) {
                projected += paths.contains(row.getString("path", 0))
                        && (edit.removes() || !edit.label().equals(row.getString("label", 0))) ? 1 : 0;
            }
        }
        left.put("projected", projected);
        if (edit.removes()) {
            left.put("rejected", linesNaming(RunFolderGlob.rejectedFiles(conf, run), paths));
            left.put("inputs", linesNaming(RunFolderGlob.indexFiles(conf, run), paths));
            Path manifestFile = new Path(run, SubjectManifest.FILE);
            left.put("subjects", fs.exists(manifestFile) ? SubjectManifest.read(manifestFile, conf).entries().stream()
                    .filter(e -> paths.contains(e.path())).count() : 0L);
        }
        return left;
    }

    /** The lines of tab-separated files whose first column is one of {@code paths}. */
    private long linesNaming(List<Path> files, Set<String> paths) throws IOException {
        long n = 0;
        for (Path file : files) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                n += in.lines().filter(line -> paths.contains(line.split("\t", 2)[0])).count();
            }
        }
        return n;
    }

    /**
     * The featurize outputs, and with {@code projectedToo} the projected rows (a batch projected on its own
     * brings the new ones), leaving files whose name ends with {@code keepSuffix} (a batch's own) alone.
     */
    public Map<String, Long> removeFeatures(Set<String> paths, String keepSuffix, boolean projectedToo) throws IOException {
        Map<String, Long> removed = new LinkedHashMap<>();
        Edit edit = Edit.remove(paths);
        RewriteTransaction tx = new RewriteTransaction(conf, run);
        removed.put("features", each(except(RunFolderGlob.vectorFiles(conf, run), keepSuffix), file -> vectors(tx, file, edit)));
        removed.put("rejected", each(except(RunFolderGlob.rejectedFiles(conf, run), keepSuffix), file -> lines(tx, file, paths)));
        if (projectedToo) {
            removed.put("projected", each(except(RunFolderGlob.projectedFiles(conf, run), keepSuffix),
                    file -> parquet(tx, file, edit)));
        }
        tx.commit();
        return removed;
    }

    /**
     * A removal widened to every path of the run holding the same bytes (a duplicate's rejected line, a
     * copy under another label): a photo is erased under all its names. A relabelling is left as it is.
     */
    Edit withSameBytes(Edit edit) throws IOException {
        if (!edit.removes()) {
            return edit;
        }
        Map<String, String> contents = contents();
        Set<String> erased = new java.util.HashSet<>();
        edit.paths().forEach(p -> {
            if (contents.containsKey(p)) {
                erased.add(contents.get(p));
            }
        });
        if (erased.isEmpty()) {
            return edit;
        }
        Set<String> paths = new java.util.LinkedHashSet<>(edit.paths());
        contents.forEach((path, sha) -> {
            if (erased.contains(sha)) {
                paths.add(path);
            }
        });
        return Edit.remove(paths);
    }

    /** The run's content hashes by path, read once per rewriter (before any of its edits is committed). */
    private Map<String, String> contents() throws IOException {
        if (contents == null) {
            contents = InputIndex.contents(conf, new Path(run, RunFolders.FEATURES));
        }
        return contents;
    }

    /** Removes the input index lines of {@code paths} (photos moved away: their new path has its own line). */
    public long removeIndexLines(Set<String> paths) throws IOException {
        RewriteTransaction tx = new RewriteTransaction(conf, run);
        long n = each(RunFolderGlob.indexFiles(conf, run), file -> lines(tx, file, paths));
        tx.commit();
        return n;
    }

    /** Gives each moved photo's subject manifest rows to its new path ({@code from} old path, to new). */
    public void rebindSubjects(Map<String, String> moved) throws IOException {
        Path manifestFile = new Path(run, SubjectManifest.FILE);
        if (moved.isEmpty() || !fs.exists(manifestFile)) {
            return;
        }
        SubjectManifest manifest = SubjectManifest.read(manifestFile, conf);
        if (manifest.entries().stream().noneMatch(e -> moved.containsKey(e.path()))) {
            return;
        }
        SubjectManifest rebound = new SubjectManifest(manifest.entries().stream().map(e -> moved.containsKey(e.path())
                ? new SubjectManifest.Entry(moved.get(e.path()), e.subjectId(), e.collectedAt()) : e).toList());
        RewriteTransaction tx = new RewriteTransaction(conf, run);
        tx.replace(manifestFile, tmp -> rebound.write(tmp, conf));
        tx.commit();
    }

    /** Every featurize output's rows of {@code paths}, projected ones included. */
    public Map<String, Long> removeFeatures(Set<String> paths) throws IOException {
        return removeFeatures(paths, null, true);
    }

    private static List<Path> except(List<Path> files, String suffix) {
        return suffix == null ? files : files.stream().filter(f -> !f.getName().contains(suffix)).toList();
    }

    private interface Rewrite {
        long apply(Path file) throws IOException;
    }

    private static long each(List<Path> files, Rewrite rewrite) throws IOException {
        long n = 0;
        for (Path file : files) {
            n += rewrite.apply(file);
        }
        return n;
    }

    /** Counts the file's rows of the edited paths first; only a file that holds some is rewritten, row by row. */
    private long vectors(RewriteTransaction tx, Path file, Edit edit) throws IOException {
        long[] affected = {0};
        FeatureFiles.read(conf, file, row -> {
            if (edit.paths().contains(row.path())) {
                affected[0]++;
                matched.add(row.path());
            }
        });
        if (affected[0] > 0) {
            ParquetMetadata footer = footer(file);
            tx.replace(file, tmp -> {
                try (ParquetWriter<FeatureRow> out = new FeatureRowWriteSupport.Builder(HadoopOutputFile.fromPath(tmp, conf),
                        lineage(footer)).withConf(conf).withCompressionCodec(codec(footer)).build()) {
                    FeatureFiles.read(conf, file, row -> {
                        if (!edit.paths().contains(row.path())) {
                            out.write(row);
                        } else if (!edit.removes()) {
                            out.write(new FeatureRow(row.path(), edit.label(), row.features()));
                        }
                    });
                }
            });
        }
        return affected[0];
    }

    /** A tab-separated file whose first column is an image path (rejected lists, input indexes). */
    private long lines(RewriteTransaction tx, Path file, Set<String> paths) throws IOException {
        List<String> all;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            all = in.lines().toList();
        }
        List<String> kept = all.stream().filter(line -> !paths.contains(line.split("\t", 2)[0])).toList();
        all.stream().map(line -> line.split("\t", 2)[0]).filter(paths::contains).forEach(matched::add);
        if (kept.size() < all.size()) {
            tx.replace(file, tmp -> {
                try (Writer out = new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8)) {
                    for (String line : kept) {
                        out.write(line + "\n");
                    }
                }
            });
        }
        return all.size() - kept.size();
    }

    private long parquet(RewriteTransaction tx, Path file, Edit edit) throws IOException {
        List<Group> rows = ParquetGroups.read(file, conf);
        List<Group> kept = new java.util.ArrayList<>();
        long affected = 0;
        for (Group row : rows) {
            if (!edit.paths().contains(row.getString("path", 0))) {
                kept.add(row);
                continue;
            }
            affected++;
            matched.add(row.getString("path", 0));
            if (!edit.removes()) {
                kept.add(ParquetGroups.withString(row, "label", edit.label()));
            }
        }
        if (affected > 0) {
            ParquetMetadata footer = footer(file);
            Configuration writing = new Configuration(conf);
            ParquetEncryption.forWriting(writing);
            tx.replace(file, tmp -> {
                try (ParquetWriter<Group> out = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, writing))
                        .withConf(writing).withType(footer.getFileMetaData().getSchema()).withCompressionCodec(codec(footer))
                        .withExtraMetaData(lineage(footer)).build()) {
                    for (Group row : kept) {
                        out.write(row);
                    }
                }
            });
        }
        return affected;
    }

    private ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return reader.getFooter();
        }
    }

    private static CompressionCodecName codec(ParquetMetadata footer) {
        return footer.getBlocks().isEmpty() ? CompressionCodecName.SNAPPY
                : footer.getBlocks().get(0).getColumns().get(0).getCodec();
    }

    /** The file's own key-value metadata (lineage), without what the Parquet writer sets itself. */
    private static Map<String, String> lineage(ParquetMetadata footer) {
        Map<String, String> metadata = new LinkedHashMap<>(footer.getFileMetaData().getKeyValueMetaData());
        metadata.remove("writer.model.name");
        return metadata;
    }
}

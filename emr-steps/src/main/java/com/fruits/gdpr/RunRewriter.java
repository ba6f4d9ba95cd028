package com.fruits.gdpr;

import com.fruits.common.FeatureFiles;
import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;
import com.fruits.common.ParquetEncryption;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SubjectManifest;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
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
 * Edits the rows of given image paths in every output of one pipeline run: removes them (erasure) or
 * sets their label (rectification) in the vectors, the rejected list, the projected Parquet and the
 * subject manifest. Each affected file is written anew beside the old one (a hidden name no job reads)
 * and renamed over it, so readers see the old file or the new one, never a partial one; files without
 * such rows are not touched. {@link #surviving} reads everything again to prove the edit.
 */
public final class RunRewriter {
    /** What happens to the rows of {@code paths}: removed when {@code label} is null, else relabelled. */
    record Edit(Set<String> paths, String label) {
        static Edit remove(Set<String> paths) {
            return new Edit(paths, null);
        }

        boolean removes() {
            return label == null;
        }
    }

    private final Configuration conf;
    private final Path run;
    private final FileSystem fs;

    public RunRewriter(Configuration conf, Path run) throws IOException {
        this.conf = ParquetEncryption.forReading(new Configuration(conf));
        this.run = run;
        this.fs = run.getFileSystem(conf);
    }

    /** Rows removed, by output ("features", "rejected", "projected", "subjects", "report.html"). */
    Map<String, Long> remove(Set<String> paths) throws IOException {
        return apply(Edit.remove(paths));
    }

    /** Rows edited, by output; the report, built from the old rows, is deleted when any row changed. */
    Map<String, Long> apply(Edit edit) throws IOException {
        Map<String, Long> changed = new LinkedHashMap<>();
        changed.put("features", each(RunFolderGlob.vectorFiles(conf, run), file -> vectors(file, edit)));
        // The rejected list and the manifest hold no label: a relabelling leaves them as they are.
        changed.put("rejected", edit.removes() ? each(RunFolderGlob.rejectedFiles(conf, run), file -> lines(file, edit.paths())) : 0L);
        changed.put("projected", each(RunFolderGlob.projectedFiles(conf, run), file -> parquet(file, edit)));
        Path manifestFile = new Path(run, SubjectManifest.FILE);
        if (edit.removes() && fs.exists(manifestFile)) {
            SubjectManifest manifest = SubjectManifest.read(manifestFile, conf);
            SubjectManifest kept = manifest.without(edit.paths());
            long n = manifest.entries().size() - kept.entries().size();
            if (n > 0) {
                replace(manifestFile, tmp -> kept.write(tmp, conf));
            }
            changed.put("subjects", n);
        }
        // The report lists rejected files and plots projected points by label: it was built from the old rows.
        Path report = new Path(run, RunReport.FILE);
        boolean anyRow = changed.values().stream().anyMatch(n -> n > 0);
        changed.put(RunReport.FILE, anyRow && fs.delete(report, false) ? 1L : 0L);
        return changed;
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
            long rejected = 0;
            for (Path file : RunFolderGlob.rejectedFiles(conf, run)) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                    rejected += in.lines().filter(line -> paths.contains(line.split("\t", 2)[0])).count();
                }
            }
            left.put("rejected", rejected);
            Path manifestFile = new Path(run, SubjectManifest.FILE);
            left.put("subjects", fs.exists(manifestFile) ? SubjectManifest.read(manifestFile, conf).entries().stream()
                    .filter(e -> paths.contains(e.path())).count() : 0L);
        }
        return left;
    }

    /** Only the featurize outputs, leaving files whose name ends with {@code keepSuffix} (a batch's own) alone. */
    public Map<String, Long> removeFeatures(Set<String> paths, String keepSuffix) throws IOException {
        Map<String, Long> removed = new LinkedHashMap<>();
        Edit edit = Edit.remove(paths);
        removed.put("features", each(except(RunFolderGlob.vectorFiles(conf, run), keepSuffix), file -> vectors(file, edit)));
        removed.put("rejected", each(except(RunFolderGlob.rejectedFiles(conf, run), keepSuffix), file -> lines(file, paths)));
        return removed;
    }

    private static List<Path> except(List<Path> files, String suffix) {
        return files.stream().filter(f -> !f.getName().contains(suffix)).toList();
    }

    private interface Rewrite {
        long apply(Path file) throws IOException;
    }

    private interface Writing {
        void to(Path tmp) throws IOException;
    }

    private static long each(List<Path> files, Rewrite rewrite) throws IOException {
        long n = 0;
        for (Path file : files) {
            n += rewrite.apply(file);
        }
        return n;
    }

    /** Counts the file's rows of the edited paths first; only a file that holds some is rewritten, row by row. */
    private long vectors(Path file, Edit edit) throws IOException {
        long[] affected = {0};
        FeatureFiles.read(conf, file, row -> affected[0] += edit.paths().contains(row.path()) ? 1 : 0);
        if (affected[0] > 0) {
            ParquetMetadata footer = footer(file);
            replace(file, tmp -> {
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

    private long lines(Path file, Set<String> paths) throws IOException {
        List<String> all;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            all = in.lines().toList();
        }
        List<String> kept = all.stream().filter(line -> !paths.contains(line.split("\t", 2)[0])).toList();
        if (kept.size() < all.size()) {
            replace(file, tmp -> {
                try (Writer out = new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8)) {
                    for (String line : kept) {
                        out.write(line + "\n");
                    }
                }
            });
        }
        return all.size() - kept.size();
    }

    private long parquet(Path file, Edit edit) throws IOException {
        List<Group> rows = ParquetGroups.read(file, conf);
        List<Group> kept = new java.util.ArrayList<>();
        long affected = 0;
        for (Group row : rows) {
            if (!edit.paths().contains(row.getString("path", 0))) {
                kept.add(row);
                continue;
            }
            affected++;
            if (!edit.removes()) {
                kept.add(ParquetGroups.withString(row, "label", edit.label()));
            }
        }
        if (affected > 0) {
            ParquetMetadata footer = footer(file);
            Configuration writing = new Configuration(conf);
            ParquetEncryption.forWriting(writing);
            replace(file, tmp -> {
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

    /** Writes the new content under a hidden name in the same folder, then renames it over the file. */
    private void replace(Path file, Writing writing) throws IOException {
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".rewrite");
        try {
            writing.to(tmp);
            FileContext.getFileContext(file.toUri(), conf).rename(tmp, file, Options.Rename.OVERWRITE);
        } finally {
            fs.delete(tmp, false);
        }
    }
}

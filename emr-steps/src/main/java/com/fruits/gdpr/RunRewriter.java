package com.fruits.gdpr;

import com.fruits.common.FeatureVectorWritable;
import com.fruits.common.ParquetEncryption;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SubjectManifest;
import com.fruits.emr.RunReport;
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
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Removes the rows of given image paths from every output of one pipeline run: the vectors, the
 * rejected list, the projected Parquet and the subject manifest. Each affected file is written anew
 * beside the old one (a hidden name no job reads) and renamed over it, so readers see the old file or
 * the new one, never a partial one; files without such rows are not touched.
 */
public final class RunRewriter {
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
        Map<String, Long> removed = removeFeatures(paths);
        removed.put("projected", each(RunFolderGlob.projectedFiles(conf, run), file -> parquet(file, paths)));
        Path manifestFile = new Path(run, SubjectManifest.FILE);
        if (fs.exists(manifestFile)) {
            SubjectManifest manifest = SubjectManifest.read(manifestFile, conf);
            SubjectManifest kept = manifest.without(paths);
            long n = manifest.entries().size() - kept.entries().size();
            if (n > 0) {
                replace(manifestFile, tmp -> kept.write(tmp, conf));
            }
            removed.put("subjects", n);
        }
        // The report lists rejected files and plots projected points: it was built from the removed rows.
        Path report = new Path(run, RunReport.FILE);
        boolean anyRow = removed.values().stream().anyMatch(n -> n > 0);
        removed.put(RunReport.FILE, anyRow && fs.delete(report, false) ? 1L : 0L);
        return removed;
    }

    /** Only the featurize outputs: vectors and rejected list. */
    Map<String, Long> removeFeatures(Set<String> paths) throws IOException {
        return removeFeatures(paths, null);
    }

    /** Only the featurize outputs, leaving files whose name ends with {@code keepSuffix} (a batch's own) alone. */
    public Map<String, Long> removeFeatures(Set<String> paths, String keepSuffix) throws IOException {
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put("features", each(except(RunFolderGlob.vectorFiles(conf, run), keepSuffix), file -> vectors(file, paths)));
        removed.put("rejected", each(except(RunFolderGlob.rejectedFiles(conf, run), keepSuffix), file -> lines(file, paths)));
        return removed;
    }

    private static List<Path> except(List<Path> files, String suffix) {
        return suffix == null ? files : files.stream().filter(f -> !f.getName().endsWith(suffix)).toList();
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

    private long vectors(Path file, Set<String> paths) throws IOException {
        long affected = countKeys(file, paths);
        if (affected > 0) {
            try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(file))) {
                replace(file, tmp -> {
                    try (SequenceFile.Writer out = SequenceFile.createWriter(conf, SequenceFile.Writer.file(tmp),
                            SequenceFile.Writer.keyClass(Text.class), SequenceFile.Writer.valueClass(FeatureVectorWritable.class),
                            SequenceFile.Writer.compression(in.getCompressionType(), in.getCompressionCodec()))) {
                        Text key = new Text();
                        FeatureVectorWritable value = new FeatureVectorWritable();
                        while (in.next(key, value)) {
                            if (!paths.contains(key.toString())) {
                                out.append(key, value);
                            }
                        }
                    }
                });
            }
        }
        return affected;
    }

    private long countKeys(Path file, Set<String> paths) throws IOException {
        long n = 0;
        try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(file))) {
            Text key = new Text();
            while (in.next(key)) {
                n += paths.contains(key.toString()) ? 1 : 0;
            }
        }
        return n;
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

    private long parquet(Path file, Set<String> paths) throws IOException {
        List<Group> rows = ParquetGroups.read(file, conf);
        List<Group> kept = rows.stream().filter(row -> !paths.contains(row.getString("path", 0))).toList();
        if (kept.size() < rows.size()) {
            ParquetMetadata footer;
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
                footer = reader.getFooter();
            }
            CompressionCodecName codec = footer.getBlocks().isEmpty() ? CompressionCodecName.SNAPPY
                    : footer.getBlocks().get(0).getColumns().get(0).getCodec();
            Configuration writing = new Configuration(conf);
            ParquetEncryption.forWriting(writing);
            replace(file, tmp -> {
                try (ParquetWriter<Group> out = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, writing))
                        .withConf(writing).withType(footer.getFileMetaData().getSchema()).withCompressionCodec(codec)
                        .withExtraMetaData(lineage(footer)).build()) {
                    for (Group row : kept) {
                        out.write(row);
                    }
                }
            });
        }
        return rows.size() - kept.size();
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

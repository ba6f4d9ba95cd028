package com.fruits.featurize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a features folder was made from: {@code _inputs/<batch>.tsv} lists the path, length and
 * modification time of every file a featurize job read, written by the job's own listing (so it is
 * exactly what the job saw). An incremental run skips the files listed with the same length and time.
 */
public final class InputIndex {
    public static final String DIR = "_inputs";
    /** Set by the featurize job: the index file its input listing writes. */
    static final String WRITE_TO = "fruits.featurize.index.file";
    /** Set for an incremental batch: the features folder whose indexed files are not read again. */
    public static final String SKIP_FROM = "fruits.featurize.skip.indexed";

    private static final DateTimeFormatter BATCH_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private InputIndex() {
    }

    /** Path to "length \t modification time" of every file in the folder's indexes, as last read. */
    public static Map<String, String> read(Configuration conf, Path features) throws IOException {
        Map<String, String> index = new HashMap<>();
        Path dir = new Path(features, DIR);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return index;
        }
        FileStatus[] batches = fs.listStatus(dir, WholeFileInputFormat.VISIBLE);
        // Oldest batch first, so that a file featurized again is known by its latest size and time.
        java.util.Arrays.sort(batches, java.util.Comparator.comparing(FileStatus::getPath));
        for (FileStatus file : batches) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file.getPath()), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int tab = line.indexOf('\t');
                    index.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return index;
    }

    /** A name for one featurize batch that sorts by time: 20261125T163500123Z. */
    public static String batchId() {
        return BATCH_ID.format(Instant.now());
    }

    static String identity(FileStatus file) {
        return file.getLen() + "\t" + file.getModificationTime();
    }

    static void write(Configuration conf, Path file, List<FileStatus> files) throws IOException {
        try (Writer out = new OutputStreamWriter(file.getFileSystem(conf).create(file, true), StandardCharsets.UTF_8)) {
            for (FileStatus f : files) {
                out.write(f.getPath() + "\t" + identity(f) + "\n");
            }
        }
    }
}

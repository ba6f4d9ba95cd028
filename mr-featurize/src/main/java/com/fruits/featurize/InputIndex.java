package com.fruits.featurize;

import com.fruits.common.RunFolders;
import com.fruits.featurize.RejectReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
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
 * exactly what the job saw), and the SHA-256 of its bytes, which the tasks computed as they read them
 * (a fourth column, absent in runs made before it). An incremental run skips the files listed with the
 * same length and time; the content hash tells a moved or copied photo from a new one.
 */
public final class InputIndex {
    public static final String DIR = "_inputs";
    /** Set by the featurize job: the id of its batch, under which its listing writes the pending index. */
    static final String BATCH = "fruits.featurize.batch";
    /** Set for an incremental batch: the features folder whose indexed files are not read again. */
    public static final String SKIP_FROM = "fruits.featurize.skip.indexed";
    /** The run whose tombstones ({@code _gdpr/}) the listing honours: erased images are not read again. */
    public static final String TOMBSTONES_OF = "fruits.featurize.tombstones.run";

    private static final DateTimeFormatter BATCH_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private InputIndex() {
    }

    /** Path to "length \t modification time" of every file in the folder's indexes, as last read. */
    public static Map<String, String> read(Configuration conf, Path features) throws IOException {
        Map<String, String> index = new HashMap<>();
        lines(conf, features, cells -> index.put(cells[0], cells[1] + "\t" + cells[2]));
        return index;
    }

    /** Path to the SHA-256 of its bytes, for every file of the folder's indexes read since hashes are kept. */
    public static Map<String, String> contents(Configuration conf, Path features) throws IOException {
        Map<String, String> contents = new HashMap<>();
        lines(conf, features, cells -> {
            if (cells.length > 3) {
                contents.put(cells[0], cells[3]);
            } else {
                contents.remove(cells[0]);
            }
        });
        return contents;
    }

    private static void lines(Configuration conf, Path features, java.util.function.Consumer<String[]> line)
            throws IOException {
        Path dir = new Path(features, DIR);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return;
        }
        FileStatus[] batches = fs.listStatus(dir, WholeFileInputFormat.VISIBLE);
        // Oldest batch first, so that a file featurized again is known by its latest size and time.
        java.util.Arrays.sort(batches, java.util.Comparator.comparing(FileStatus::getPath));
        for (FileStatus file : batches) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file.getPath()), StandardCharsets.UTF_8))) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    line.accept(text.split("\t"));
                }
            }
        }
    }

    /** A name for one featurize batch that sorts by time: 20261125T163500123Z. */
    public static String batchId() {
        return BATCH_ID.format(Instant.now());
    }

    static String identity(FileStatus file) {
        return file.getLen() + "\t" + file.getModificationTime();
    }

    /**
     * Written by the job's listing, before any task runs, under hidden names that no reader takes into
     * account: the index of what the job reads, and the entries the listing itself rejected.
     */
    static void writePending(Configuration conf, Path output, String batch, List<InputListing.Entry> entries,
                             long erased) throws IOException {
        FileSystem fs = output.getFileSystem(conf);
        if (erased > 0) {
            try (Writer count = new OutputStreamWriter(fs.create(pendingErased(output, batch), true), StandardCharsets.UTF_8)) {
                count.write(erased + "\n"); // a count only: an erased image's path is written nowhere again
            }
        }
        try (Writer index = new OutputStreamWriter(fs.create(pendingIndex(output, batch), true), StandardCharsets.UTF_8);
             Writer rejected = new OutputStreamWriter(fs.create(pendingRejected(output, batch), true), StandardCharsets.UTF_8)) {
            for (InputListing.Entry e : entries) {
                index.write(e.path() + "\t" + e.identity() + "\n");
                if (e.reason() != null) {
                    rejected.write(e.path() + "\t" + e.reason().name() + "\t0\t" + e.detail() + "\n");
                }
            }
        }
    }

    /**
     * After the job committed: moves the tasks' and the listing's rejections into {@code rejected/} beside
     * the features folder and, last, makes the index visible. A features folder is complete exactly when
     * it has a visible index, so a run killed before this point is seen as unfinished and redone, never
     * taken as up to date.
     */
    static void commit(Configuration conf, Path output, String batch) throws IOException {
        FileSystem fs = output.getFileSystem(conf);
        publishRejected(conf, output, batch);
        fs.delete(pendingErased(output, batch), false);
        Path pending = pendingIndex(output, batch);
        Path staging = new Path(output, FeaturizeMapper.CONTENT_STAGING);
        if (fs.exists(staging)) {
            // The index with each file's content hash, written whole under a hidden name, then made visible.
            Path hashed = new Path(output, DIR + "/." + batch + ".hashed.tsv");
            writeWithContent(fs, pending, contentHashes(fs, staging), hashed);
            rename(fs, hashed, new Path(output, DIR + "/" + batch + ".tsv"));
            fs.delete(pending, false);
            fs.delete(staging, true);
        } else {
            rename(fs, pending, new Path(output, DIR + "/" + batch + ".tsv"));
        }
    }

    /** The tasks' content hashes (path, SHA-256), committed with their vectors. */
    private static Map<String, String> contentHashes(FileSystem fs, Path staging) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        FileStatus[] parts = fs.globStatus(new Path(staging, "part-*"));
        for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int tab = line.lastIndexOf('\t');
                    hashes.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return hashes;
    }

    private static void writeWithContent(FileSystem fs, Path index, Map<String, String> hashes, Path to) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(index), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(fs.create(to, true), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String hash = hashes.get(line.substring(0, line.indexOf('\t')));
                out.write(hash == null ? line + "\n" : line + "\t" + hash + "\n");
            }
        }
    }

    /**
     * Moves the tasks' and the listing's rejections into {@code rejected/} beside the features folder:
     * after a commit, or after a job refused for too many rejections, so that the list is where the
     * message says.
     */
    static void publishRejected(Configuration conf, Path output, String batch) throws IOException {
        FileSystem fs = output.getFileSystem(conf);
        Path rejectedDir = rejectedBeside(output);
        FileStatus[] tasks = fs.globStatus(new Path(output, FeaturizeMapper.REJECTED_STAGING + "/part-*"));
        for (FileStatus part : tasks == null ? new FileStatus[0] : tasks) {
            fs.mkdirs(rejectedDir);
            rename(fs, part.getPath(), new Path(rejectedDir, part.getPath().getName()));
        }
        fs.delete(new Path(output, FeaturizeMapper.REJECTED_STAGING), true);
        Path rejected = pendingRejected(output, batch);
        if (!fs.exists(rejected)) {
            return; // published already
        }
        if (fs.getFileStatus(rejected).getLen() == 0) {
            fs.delete(rejected, false);
        } else {
            fs.mkdirs(rejectedDir);
            rename(fs, rejected, new Path(rejectedDir, "part-l-00000"));
        }
    }

    /** The rejected listing of a features folder: the sibling folder {@code rejected/}. */
    public static Path rejectedBeside(Path features) {
        return new Path(features.getParent(), RunFolders.REJECTED);
    }

    /** The entries that the job's listing rejected, by reason. */
    static Map<RejectReason, Long> listingRejections(Configuration conf, Path output, String batch) throws IOException {
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        Path erased = pendingErased(output, batch);
        FileSystem fs = output.getFileSystem(conf);
        if (fs.exists(erased)) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(erased), StandardCharsets.UTF_8))) {
                byReason.put(RejectReason.ERASED, Long.parseLong(in.readLine().strip()));
            }
        }
        Path rejected = pendingRejected(output, batch);
        if (!fs.exists(rejected)) {
            return byReason; // already published
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                rejected.getFileSystem(conf).open(rejected), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                byReason.merge(RejectReason.valueOf(line.split("\t", 3)[1]), 1L, Long::sum);
            }
        }
        return byReason;
    }

    /** True when a featurize job's outputs in {@code output} were committed whole (see {@link #commit}). */
    public static boolean committed(Configuration conf, Path output) throws IOException {
        Path dir = new Path(output, DIR);
        FileSystem fs = dir.getFileSystem(conf);
        return fs.exists(dir) && fs.listStatus(dir, WholeFileInputFormat.VISIBLE).length > 0;
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("Could not rename " + from + " to " + to);
        }
    }

    static Path pendingIndex(Path output, String batch) {
        return new Path(output, DIR + "/." + batch + ".tsv");
    }

    static Path pendingErased(Path output, String batch) {
        return new Path(output, DIR + "/." + batch + ".erased");
    }

    static Path pendingRejected(Path output, String batch) {
        return new Path(output, DIR + "/." + batch + ".rejected.tsv");
    }
}

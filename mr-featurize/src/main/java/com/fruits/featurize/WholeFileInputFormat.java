package com.fruits.featurize;

import com.fruits.common.RunConfigKeys;
import com.fruits.common.Tombstones;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record per file: its path and all of its bytes. Built on CombineFileInputFormat so that
 * thousands of 5 KB images pack into a few splits of {@code split.maxsize} bytes, not one map each.
 * Hidden files and the suite's own markers are skipped and listed with their reason; unlike
 * FileInputFormat, a photo whose name starts with {@code _} is read (cameras name photos so).
 */
public class WholeFileInputFormat extends CombineFileInputFormat<Text, BytesWritable> {
    private static final Logger LOG = LoggerFactory.getLogger(WholeFileInputFormat.class);
    /** FileInputFormat's rule, for the suite's own bookkeeping folders (not for input). */
    static final PathFilter VISIBLE = path -> !path.getName().startsWith("_") && !path.getName().startsWith(".");
    /**
     * This many splits of equal file counts, in path order, instead of splits of {@code split.maxsize}
     * bytes: a map's time follows its number of images (each is resized to 224x224 and run through the
     * same model), not its bytes, so equal counts finish together. 0 (unset) packs by bytes.
     */
    public static final String SPLITS = "fruits.featurize.splits";
    /** The listing a driver made already ({@link #countAndKeep}), read instead of walking the input again. */
    static final String LISTED = "fruits.featurize.listed";

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    /**
     * Lists the input recursively in path order ({@link InputListing}), so that {@code --limit} takes a
     * stable prefix; leaves out what an earlier batch read ({@link InputIndex#SKIP_FROM}) and records,
     * pending until the job commits, what this job reads and what the listing rejected.
     * Does not use FileInputFormat's own listing: it builds a LocatedFileStatus per file, which on the
     * local file system without Hadoop's native library forks {@code ls} to read each file's permissions.
     */
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        Configuration conf = job.getConfiguration();
        long[] erased = {0};
        List<InputListing.Entry> entries = listEntries(conf, getInputPaths(job), erased);
        String batch = conf.get(InputIndex.BATCH);
        Path output = FileOutputFormat.getOutputPath(job);
        if (batch != null && output != null) {
            InputIndex.writePending(conf, output, batch, entries, erased[0]);
        }
        return entries.stream().map(InputListing.Entry::file).filter(f -> f != null).toList();
    }

    /** The entries to account for; {@code erased[0]} gets how many erased images were left out. */
    private static List<InputListing.Entry> listEntries(Configuration conf, Path[] inputs, long[] erased) throws IOException {
        String listed = conf.get(LISTED);
        if (listed != null) {
            Path file = new Path(listed);
            return InputListing.load(file.getFileSystem(conf), file, erased);
        }
        List<InputListing.Entry> entries = new ArrayList<>();
        String run = conf.get(InputIndex.TOMBSTONES_OF);
        Tombstones tombstones = Tombstones.of(conf, run == null ? null : new Path(run));
        for (Path input : inputs) {
            FileSystem fs = input.getFileSystem(conf);
            if (!fs.exists(input)) {
                throw new InvalidInputException(List.of(new IOException("Input path does not exist: " + input)));
            }
            InputListing listing = InputListing.of(conf, fs.makeQualified(input), tombstones);
            listing.loops().forEach(loop -> LOG.warn("Skipped a link to a folder already read (a loop): {}", loop));
            entries.addAll(listing.entries());
            erased[0] += listing.erased();
        }
        String skipFrom = conf.get(InputIndex.SKIP_FROM);
        Map<String, String> indexed = skipFrom == null ? Map.of() : InputIndex.read(conf, new Path(skipFrom));
        // What an earlier batch read, unchanged, is left out before the rest is checked for readability; an
        // unreadable file an earlier batch rejected so is left out after.
        entries = entries.stream().filter(e -> !e.identity().equals(indexed.get(e.path()))).map(InputListing.Entry::checked)
                .filter(e -> !e.identity().equals(indexed.get(e.path()))).collect(java.util.stream.Collectors.toList());
        long limit = RunConfigKeys.LIMIT.getLong(conf);
        return limit > 0 && entries.size() > limit ? new ArrayList<>(entries.subList(0, (int) limit)) : entries;
    }

    /** The files a job over {@code input} would read (same order, filter and {@code --limit}), for the tools that measure it. */
    public static List<FileStatus> list(Configuration conf, Path input) throws IOException {
        return listEntries(conf, new Path[] {input}, new long[1]).stream().map(InputListing.Entry::file)
                .filter(f -> f != null).toList();
    }

    /**
     * {@link #count}, for a driver that runs the job next when there is work: the listing is then written to
     * {@code listing} and named in {@code conf} ({@link #LISTED}), so that the job does not walk the input again
     * (a second walk of a large input costs what a small batch's whole job does).
     */
    public static int countAndKeep(Configuration conf, Path input, Path listing) throws IOException {
        long[] erased = {0};
        List<InputListing.Entry> entries = listEntries(conf, new Path[] {input}, erased);
        int work = work(entries);
        if (work > 0) {
            InputListing.save(listing.getFileSystem(conf), listing, entries, erased[0]);
            conf.set(LISTED, listing.toString());
        }
        return work;
    }

    private static int work(List<InputListing.Entry> entries) {
        return (int) entries.stream().filter(e -> e.reason() == null || !e.reason().skip()).count();
    }

    /**
     * How many entries a job over {@code input} would read or reject (what it would only skip, such as a
     * new hidden file, is not work to do).
     */
    public static int count(Configuration conf, Path input) throws IOException {
        return work(listEntries(conf, new Path[] {input}, new long[1]));
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        int count = job.getConfiguration().getInt(SPLITS, 0);
        if (count <= 0) {
            return super.getSplits(job);
        }
        List<FileStatus> files = listStatus(job);
        int n = Math.min(count, files.size()); // never an empty split
        List<InputSplit> splits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<FileStatus> group = files.subList(files.size() * i / n, files.size() * (i + 1) / n);
            splits.add(new CombineFileSplit(group.stream().map(FileStatus::getPath).toArray(Path[]::new),
                    new long[group.size()], group.stream().mapToLong(FileStatus::getLen).toArray(), new String[0]));
        }
        return splits;
    }

    @Override
    public RecordReader<Text, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return new CombineFileRecordReader<>((CombineFileSplit) split, context, WholeFileRecordReader.class);
    }
}

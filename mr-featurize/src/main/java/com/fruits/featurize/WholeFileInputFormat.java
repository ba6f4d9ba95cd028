package com.fruits.featurize;

import com.fruits.common.FruitsConfigKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;

/**
 * One record per file: its path and all of its bytes. Built on CombineFileInputFormat so that
 * thousands of 5 KB images pack into a few splits of {@code split.maxsize} bytes, not one map each.
 * Hidden files and {@code _}-prefixed markers are skipped, as FileInputFormat does.
 */
public class WholeFileInputFormat extends CombineFileInputFormat<Text, BytesWritable> {
    /** FileInputFormat's rule: names starting with '_' or '.' are markers or hidden, never input. */
    static final PathFilter VISIBLE = path -> !path.getName().startsWith("_") && !path.getName().startsWith(".");

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    /**
     * Lists the input recursively in path order, so that {@code --limit} takes a stable prefix; leaves out
     * what an earlier batch read ({@link InputIndex#SKIP_FROM}) and records what this job reads.
     * Walks with plain {@code listStatus}: FileInputFormat's own listing builds a LocatedFileStatus per
     * file, which on the local file system without Hadoop's native library forks {@code ls} to read
     * each file's permissions (a minute for the 22,688 Test images instead of a second).
     */
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        Configuration conf = job.getConfiguration();
        List<FileStatus> files = new ArrayList<>();
        for (Path input : getInputPaths(job)) {
            FileSystem fs = input.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(input, VISIBLE);
            if (matches == null || matches.length == 0) {
                throw new InvalidInputException(List.of(new IOException("Input path does not exist: " + input)));
            }
            for (FileStatus match : matches) {
                collect(fs, match, files);
            }
        }
        files.sort(Comparator.comparing(FileStatus::getPath));
        String skipFrom = conf.get(InputIndex.SKIP_FROM);
        if (skipFrom != null) {
            Map<String, String> indexed = InputIndex.read(conf, new Path(skipFrom));
            files.removeIf(f -> InputIndex.identity(f).equals(indexed.get(f.getPath().toString())));
        }
        long limit = FruitsConfigKeys.LIMIT.getLong(conf);
        List<FileStatus> read = limit > 0 && files.size() > limit ? new ArrayList<>(files.subList(0, (int) limit)) : files;
        String index = conf.get(InputIndex.WRITE_TO);
        if (index != null) {
            InputIndex.write(conf, new Path(index), read);
        }
        return read;
    }

    /** The files a job over {@code input} would read (same order, filter and {@code --limit}), for the tools that measure it. */
    public static List<FileStatus> list(Configuration conf, Path input) throws IOException {
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, input);
        return new WholeFileInputFormat().listStatus(job);
    }

    private static void collect(FileSystem fs, FileStatus status, List<FileStatus> files) throws IOException {
        if (!status.isDirectory()) {
            files.add(status);
            return;
        }
        for (FileStatus child : fs.listStatus(status.getPath(), VISIBLE)) {
            collect(fs, child, files);
        }
    }

    @Override
    public RecordReader<Text, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return new CombineFileRecordReader<>((CombineFileSplit) split, context, WholeFileRecordReader.class);
    }
}

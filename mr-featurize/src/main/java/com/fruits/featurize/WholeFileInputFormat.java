package com.fruits.featurize;

import com.fruits.common.FruitsConfigKeys;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * One record per file: its path and all of its bytes. Built on CombineFileInputFormat so that
 * thousands of 5 KB images pack into a few splits of {@code split.maxsize} bytes, not one map each.
 * Hidden files and {@code _}-prefixed markers are skipped by FileInputFormat's own filter.
 */
public class WholeFileInputFormat extends CombineFileInputFormat<Text, BytesWritable> {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    /** Lists the input recursively in path order, so that {@code --limit} takes a stable prefix. */
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        List<FileStatus> files = super.listStatus(job);
        files.sort(Comparator.comparing(FileStatus::getPath));
        long limit = FruitsConfigKeys.LIMIT.getLong(job.getConfiguration());
        return limit > 0 && files.size() > limit ? files.subList(0, (int) limit) : files;
    }

    @Override
    public RecordReader<Text, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return new CombineFileRecordReader<>((CombineFileSplit) split, context, WholeFileRecordReader.class);
    }
}

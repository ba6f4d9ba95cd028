package com.fruits.common;

import java.io.IOException;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitterFactory;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.api.WriteSupport;

/**
 * Parquet output that commits through the committer Hadoop's factory chooses for the output's scheme
 * (an S3A committer on {@code s3a://}, FileOutputCommitter elsewhere): ParquetOutputFormat would
 * otherwise always use its own rename-based committer. A folder claimed for the command (marker and
 * lock only, {@link RunFolders#claimedForJob}) may exist; any other existing folder is refused.
 */
public abstract class CommittedParquetOutputFormat<T> extends ParquetOutputFormat<T> {
    private OutputCommitter committer;

    protected CommittedParquetOutputFormat(WriteSupport<T> writeSupport) {
        super(writeSupport);
    }

    @Override
    public void checkOutputSpecs(JobContext job) throws IOException {
        if (!RunFolders.claimedForJob(job, getOutputPath(job))) {
            super.checkOutputSpecs(job);
        }
    }

    @Override
    public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context) throws IOException {
        if (committer == null) {
            committer = PathOutputCommitterFactory.createCommitter(FileOutputFormat.getOutputPath(context), context);
        }
        return committer;
    }
}

package com.fruits.pca;

import com.fruits.common.ProjectedRow;
import com.fruits.common.ProjectedRowWriteSupport;
import com.fruits.common.RunFolders;
import java.io.IOException;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitterFactory;
import org.apache.parquet.hadoop.ParquetOutputFormat;

/**
 * Parquet output of {@link ProjectedRow}s that commits through the committer Hadoop's factory
 * chooses for the output's scheme (an S3A committer on {@code s3a://}, FileOutputCommitter elsewhere):
 * ParquetOutputFormat would otherwise always use its own rename-based committer.
 */
public class ProjectedParquetOutputFormat extends ParquetOutputFormat<ProjectedRow> {
    private OutputCommitter committer;

    public ProjectedParquetOutputFormat() {
        super(new ProjectedRowWriteSupport());
    }

    /** A folder claimed for this command (marker and lock only) may exist; see {@link RunFolders#claimedForJob}. */
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

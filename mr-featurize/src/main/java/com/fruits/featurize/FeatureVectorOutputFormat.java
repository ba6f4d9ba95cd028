package com.fruits.featurize;

import com.fruits.common.FeatureVectorWritable;
import com.fruits.common.RunFolders;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;

/**
 * The vectors as SequenceFiles of (path, label + 1280 floats). Like Hadoop's own, it refuses an existing
 * output folder, except one claimed for this command ({@link RunFolders#claimedForJob}: marker and lock only).
 */
public class FeatureVectorOutputFormat extends SequenceFileOutputFormat<Text, FeatureVectorWritable> {
    @Override
    public void checkOutputSpecs(JobContext job) throws IOException {
        if (!RunFolders.claimedForJob(job, getOutputPath(job))) {
            super.checkOutputSpecs(job);
        }
    }
}

package com.fruits.emr;

import com.fruits.common.FeatureVectorWritable;
import com.fruits.pca.ProjectionMapper;
import java.io.IOException;
import org.apache.hadoop.io.Text;

/** Fault injection: the first attempt of each task dies after writing a few rows; later attempts run clean. */
public class FailingOnceProjectionMapper extends ProjectionMapper {
    private int rows;

    @Override
    protected void map(Text path, FeatureVectorWritable vector, Context context) throws IOException, InterruptedException {
        super.map(path, vector, context);
        if (++rows == 5 && context.getTaskAttemptID().getId() == 0) {
            throw new IOException("injected failure of attempt " + context.getTaskAttemptID() + " mid-write");
        }
    }
}

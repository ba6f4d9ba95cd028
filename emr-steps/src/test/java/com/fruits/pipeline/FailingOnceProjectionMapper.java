package com.fruits.pipeline;

import com.fruits.common.FeatureRow;
import com.fruits.pca.ProjectionMapper;
import java.io.IOException;

/** Fault injection: the first attempt of each task dies after writing a few rows; later attempts run clean. */
public class FailingOnceProjectionMapper extends ProjectionMapper {
    private int rows;

    @Override
    protected void map(Void key, FeatureRow vector, Context context) throws IOException, InterruptedException {
        super.map(key, vector, context);
        if (++rows == 5 && context.getTaskAttemptID().getId() == 0) {
            throw new IOException("injected failure of attempt " + context.getTaskAttemptID() + " mid-write");
        }
    }
}

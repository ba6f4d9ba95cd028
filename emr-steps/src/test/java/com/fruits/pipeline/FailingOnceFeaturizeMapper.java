package com.fruits.pipeline;

import com.fruits.featurize.FeaturizeMapper;
import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;

/**
 * Fault injection: the first attempt of each task dies at its 40th image, after its first batch of
 * vectors was written; later attempts run clean.
 */
public class FailingOnceFeaturizeMapper extends FeaturizeMapper {
    private int images;

    @Override
    protected void map(Text path, BytesWritable file, Context context) throws IOException, InterruptedException {
        super.map(path, file, context);
        if (++images == 40 && context.getTaskAttemptID().getId() == 0) {
            throw new IOException("injected failure of attempt " + context.getTaskAttemptID() + " mid-write");
        }
    }
}

package com.fruits.pca;

import com.fruits.common.PcaCounters;
import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Adds up the map tasks' partials of one row block (exact pairwise merge of count, mean and scatter). */
public class CovarianceReducer extends Reducer<IntWritable, CovariancePartial, IntWritable, CovariancePartial> {
    @Override
    protected void reduce(IntWritable block, Iterable<CovariancePartial> partials, Context context)
            throws IOException, InterruptedException {
        CovariancePartial total = new CovariancePartial();
        for (CovariancePartial partial : partials) {
            total.merge(partial);
            context.getCounter(PcaCounters.PARTIALS_MERGED).increment(1);
        }
        context.write(block, total);
    }
}

package com.fruits.pca;

import com.fruits.common.FeatureRow;
import com.fruits.common.PcaCounters;
import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * In-mapper combining: accumulates its split's vectors in memory and emits, once in
 * {@link #cleanup}, one partial per row block of the scatter matrix (key = block number).
 */
public class CovarianceMapper extends Mapper<Void, FeatureRow, IntWritable, CovariancePartial> {
    private CovarianceAccumulator accumulator;

    @Override
    protected void setup(Context context) {
        accumulator = new CovarianceAccumulator(FeatureRow.DIMENSIONS);
    }

    @Override
    protected void map(Void key, FeatureRow vector, Context context) {
        accumulator.add(vector.features());
        context.getCounter(PcaCounters.VECTORS_ACCUMULATED).increment(1);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        if (accumulator.count() == 0) {
            return;
        }
        CovariancePartial all = accumulator.result();
        int blocks = Math.max(1, context.getNumReduceTasks());
        IntWritable key = new IntWritable();
        for (int b = 0; b < blocks; b++) {
            int[] rows = RowBlocks.rows(FeatureRow.DIMENSIONS, blocks, b);
            key.set(b);
            context.write(key, all.rowBlock(rows[0], rows[1]));
        }
    }
}

package com.fruits.pipeline;

import com.fruits.common.FeatureFiles;
import com.fruits.pca.PcaModel;
import com.fruits.pca.Projection;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * How well a PCA fitted earlier holds a batch projected with it (an {@code --incremental} batch, by default): the share of the
 * batch's variance about the PCA's mean that its k components keep, beside the share they keep of the
 * vectors they were fitted on. A falling share says the new photos differ from those the PCA has seen.
 */
final class BatchDrift {
    private BatchDrift() {
    }

    /** One phrase on the batch whose vector files carry {@code batch} in their names. */
    static String describe(Configuration conf, Path features, String batch, PcaModel model) throws IOException {
        Projection centered = new Projection(model, true);
        double[] mean = model.mean();
        double[] sums = new double[3]; // vectors, variance kept, variance in all
        for (Path file : FeatureFiles.list(conf, features)) {
            if (!file.getName().contains("-" + batch)) {
                continue;
            }
            FeatureFiles.read(conf, file, row -> {
                sums[0]++;
                for (double c : centered.project(row.features())) {
                    sums[1] += c * c;
                }
                for (int j = 0; j < mean.length; j++) {
                    double v = row.features()[j] - mean[j];
                    sums[2] += v * v;
                }
            });
        }
        if (sums[0] == 0) {
            return "no new vector";
        }
        return String.format(Locale.ROOT, "its %d components keep %.2f%% of the %d new vectors' variance about its mean, "
                        + "%.2f%% of the %d it was fitted on", model.k(), 100 * sums[1] / sums[2], (long) sums[0],
                100 * model.cumulativeExplained(model.k() - 1), model.n());
    }
}

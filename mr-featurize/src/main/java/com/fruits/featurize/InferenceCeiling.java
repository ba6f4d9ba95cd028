package com.fruits.featurize;

import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureModel;
import com.fruits.common.FruitsConfigKeys;
import com.fruits.common.ImageRejectedException;
import com.fruits.common.MobileNetPreprocessor;
import com.fruits.common.RunFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits ceiling}: what one node can do at best, to size a cluster and to judge the job:
 * decode + resize throughput on one thread, and the model alone on pre-decoded batches (same batch
 * size and threads as the featurize job), without Hadoop in between.
 */
public class InferenceCeiling extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("ceiling",
            "Measures decode + resize and bare MobileNetV2 inference (pre-decoded batches) on the first --limit\n"
                    + "images of --input, with the featurize job's --batch-size and --tf-threads.",
            List.of(FruitsConfigKeys.INPUT, FruitsConfigKeys.MODEL, FruitsConfigKeys.LIMIT,
                    FruitsConfigKeys.BATCH_SIZE, FruitsConfigKeys.TF_THREADS));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        if (FruitsConfigKeys.LIMIT.getLong(conf) == 0) {
            conf.setLong(FruitsConfigKeys.LIMIT.property(), 2000);
        }
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, RunFolders.input(conf));
        List<byte[]> files = read(new WholeFileInputFormat().listStatus(job), conf);
        int batch = Math.max(1, FruitsConfigKeys.BATCH_SIZE.getInt(conf));
        Path model = ModelCache.findSavedModel(Path.of(FruitsConfigKeys.MODEL.require(conf)));
        if (model == null) {
            throw new com.fruits.common.UsageException("No SavedModel in " + FruitsConfigKeys.MODEL.get(conf));
        }

        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(FruitsConfigKeys.MAX_PIXELS.getLong(conf));
        float[][] inputs = new float[files.size()][MobileNetPreprocessor.VALUES];
        for (int i = 0; i < Math.min(200, files.size()); i++) { // JIT warm-up
            preprocess(preprocessor, files.get(i), inputs[i]);
        }
        long start = System.nanoTime();
        int decoded = 0;
        for (int i = 0; i < files.size(); i++) {
            decoded += preprocess(preprocessor, files.get(i), inputs[i]) ? 1 : 0;
        }
        double decodeSeconds = (System.nanoTime() - start) / 1e9;

        try (FeatureModel featureModel = FeatureModel.load(model, FruitsConfigKeys.TF_THREADS.getInt(conf))) {
            float[] images = new float[batch * MobileNetPreprocessor.VALUES];
            float[] features = new float[batch * FeatureModel.DIMENSIONS];
            for (int i = 0; i < 3; i++) { // the first calls build the graph and oneDNN's kernels: not timed
                featureModel.features(images, batch, features);
            }
            start = System.nanoTime();
            int done = 0;
            while (done < inputs.length) {
                int n = Math.min(batch, inputs.length - done);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(inputs[done + i], 0, images, i * MobileNetPreprocessor.VALUES,
                            MobileNetPreprocessor.VALUES);
                }
                featureModel.features(images, n, features);
                done += n;
            }
            double inferenceSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "ceiling: %d images, batch %d, tf-threads %d: inference %.1f images/s; "
                            + "decode + resize %.1f images/s on one thread (%d decoded)%n",
                    inputs.length, batch, FruitsConfigKeys.TF_THREADS.getInt(conf),
                    inputs.length / inferenceSeconds, files.size() / decodeSeconds, decoded);
        }
        return 0;
    }

    private static boolean preprocess(MobileNetPreprocessor preprocessor, byte[] bytes, float[] out) {
        try {
            preprocessor.preprocess(bytes, out, 0);
            return true;
        } catch (ImageRejectedException e) {
            return false;
        }
    }

    private static List<byte[]> read(List<FileStatus> files, Configuration conf) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (FileStatus file : files) {
            byte[] bytes = new byte[(int) file.getLen()];
            try (FSDataInputStream in = file.getPath().getFileSystem(conf).open(file.getPath())) {
                IOUtils.readFully(in, bytes, 0, bytes.length);
            }
            out.add(bytes);
        }
        return out;
    }
}

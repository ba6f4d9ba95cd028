package com.fruits.featurize;

import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureRow;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.UsageException;
import com.fruits.featurize.image.ImageRejectedException;
import com.fruits.featurize.image.ImageDecoder;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.FeatureEngine;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits ceiling}: what one node can do at best, to size a cluster and to judge the job:
 * decode + resize on one thread, and the model alone on pre-decoded batches (same batch size and
 * threads as the featurize job), each timed on its own, without Hadoop in between.
 */
public class InferenceCeiling extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("ceiling",
            "Measures decode + resize and bare MobileNetV2 inference (pre-decoded batches) on the first --limit\n"
                    + "images of --input, with the featurize job's --batch-size and --tf-threads.",
            List.of(RunConfigKeys.INPUT, FeaturizeConfigKeys.MODEL, FeaturizeConfigKeys.ENGINE, FeaturizeConfigKeys.KERAS_WEIGHTS,
                    RunConfigKeys.LIMIT, FeaturizeConfigKeys.BATCH_SIZE, FeaturizeConfigKeys.TF_THREADS, FeaturizeConfigKeys.DECODE,
                    FeaturizeConfigKeys.ORIENTATION));

    /** Seconds spent by each stage on {@code images} images; file reading is not counted. */
    public record Measurement(int images, int decoded, double modelLoadSeconds, double decodeSeconds,
                              double inferenceSeconds) {
        public double inferenceImagesPerSecond() {
            return images / inferenceSeconds;
        }

        public double decodeImagesPerSecond() {
            return images / decodeSeconds;
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        if (RunConfigKeys.LIMIT.getLong(conf) == 0) {
            conf.setLong(RunConfigKeys.LIMIT.property(), 2000);
        }
        Measurement m = measure(conf);
        System.out.printf(Locale.ROOT, "ceiling: %d images, %s, batch %d, threads %d: inference %.1f images/s; "
                        + "decode + resize %.1f images/s on one thread (%d decoded)%n",
                m.images(), FeaturizeConfigKeys.ENGINE.get(conf), FeaturizeConfigKeys.BATCH_SIZE.getInt(conf),
                FeaturizeConfigKeys.TF_THREADS.getInt(conf),
                m.inferenceImagesPerSecond(), m.decodeImagesPerSecond(), m.decoded());
        return 0;
    }

    /**
     * Measures the first {@code fruits.input.limit} files of {@code fruits.input} batch by batch: each
     * batch is read (untimed), decoded and resized (timed), then run through the model (timed), so
     * memory stays at one batch whatever the number of images.
     */
    public static Measurement measure(Configuration conf) throws IOException {
        ImageDecoder.loadNativesInBackground(); // loaded while the model loads, as the featurize mapper does
        List<FileStatus> files = WholeFileInputFormat.list(conf, RunFolders.input(conf));
        int batch = Math.max(1, FeaturizeConfigKeys.BATCH_SIZE.getInt(conf));
        Path modelDir = ModelCache.findSavedModel(Path.of(FeaturizeConfigKeys.MODEL.require(conf)));
        if (modelDir == null) {
            throw new UsageException("No SavedModel in " + FeaturizeConfigKeys.MODEL.get(conf));
        }
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(FeaturizeConfigKeys.MAX_PIXELS.getLong(conf),
                FeaturizeConfigKeys.reading(conf));
        float[] images = new float[batch * MobileNetPreprocessor.VALUES];
        float[] features = new float[batch * FeatureRow.DIMENSIONS];
        byte[][] bytes = new byte[batch][];
        long start = System.nanoTime();
        int threads = FeaturizeConfigKeys.TF_THREADS.getInt(conf);
        byte[] onnx = null;
        if (com.fruits.featurize.onnx.OnnxConversion.wanted(conf)) {
            byte[][] check = new byte[Math.min(4, files.size())][];
            read(files, 0, check.length, check, conf);
            try {
                onnx = java.nio.file.Files.readAllBytes(com.fruits.featurize.onnx.OnnxConversion.convert(conf, modelDir,
                        java.util.Arrays.asList(check)));
            } catch (com.fruits.featurize.onnx.OnnxConversion.NotConvertible e) {
                throw new UsageException(e.getMessage());
            }
        }
        try (FeatureEngine model = onnx != null ? com.fruits.featurize.onnx.OnnxFeatureModel.load(onnx, threads)
                : TensorFlowFeatureModel.load(modelDir, threads)) {
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            // The first calls build the graph and oneDNN's kernels, and warm the JIT: not timed.
            int warm = Math.min(batch, files.size());
            read(files, 0, warm, bytes, conf);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < warm; i++) {
                    preprocess(preprocessor, bytes[i], images, i);
                }
                model.features(images, batch, features);
            }
            long decodeNanos = 0;
            long inferenceNanos = 0;
            int decoded = 0;
            for (int done = 0; done < files.size(); done += batch) {
                int n = Math.min(batch, files.size() - done);
                read(files, done, n, bytes, conf);
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    decoded += preprocess(preprocessor, bytes[i], images, i) ? 1 : 0;
                }
                long t2 = System.nanoTime();
                model.features(images, n, features);
                inferenceNanos += System.nanoTime() - t2;
                decodeNanos += t2 - t;
            }
            return new Measurement(files.size(), decoded, loadSeconds, decodeNanos / 1e9, inferenceNanos / 1e9);
        }
    }

    private static boolean preprocess(MobileNetPreprocessor preprocessor, byte[] bytes, float[] images, int index) {
        try {
            preprocessor.preprocess(bytes, images, index * MobileNetPreprocessor.VALUES);
            return true;
        } catch (ImageRejectedException e) {
            return false;
        }
    }

    private static void read(List<FileStatus> files, int from, int n, byte[][] into, Configuration conf)
            throws IOException {
        for (int i = 0; i < n; i++) {
            FileStatus file = files.get(from + i);
            into[i] = new byte[(int) file.getLen()];
            try (FSDataInputStream in = WholeFileRecordReader.open(file.getPath(), conf)) {
                IOUtils.readFully(in, into[i], 0, into[i].length);
            }
        }
    }
}

package com.fruits.featurize.model;

import com.fruits.common.FeatureRow;
import com.fruits.featurize.image.MobileNetPreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The MobileNetV2 feature extractor: a SavedModel whose {@code serving_default} signature maps
 * {@code images} float32[n,224,224,3] in [-1,1] to {@code features} float32[n,1280].
 * Loaded once per task; its one-image input tensor is kept and refilled.
 */
public final class TensorFlowFeatureModel implements FeatureEngine {
    private static final String SIGNATURE = "serving_default";
    private static final String INPUT = "images";
    private static final String OUTPUT = "features";

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private TFloat32 input;

    private TensorFlowFeatureModel(SavedModelBundle bundle) {
        this.bundle = bundle;
        this.function = bundle.function(SIGNATURE);
    }

    /**
     * Loads the SavedModel in {@code dir}. {@code threads} caps TensorFlow's intra-op and inter-op
     * pools (0 lets TensorFlow use every core), so several tasks on one node do not oversubscribe it.
     */
    public static TensorFlowFeatureModel load(Path dir, int threads) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("No TensorFlow SavedModel (saved_model.pb) in " + dir);
        }
        // TensorFlow sizes its shared thread pools once per process, from the first session: a capped
        // model gets pools of its own, so that several map tasks in one JVM (the local job runner)
        // each keep to their share of the cores.
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(threads == 0 ? 0 : 1)
                .setUsePerSessionThreads(threads > 0)
                .build();
        return new TensorFlowFeatureModel(SavedModelBundle.loader(dir.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(config)
                .load());
    }

    /**
     * Runs the model on the first {@code n} images of {@code images} (each
     * {@link MobileNetPreprocessor#VALUES} floats) and writes n x 1280 features into {@code features}.
     * One image per call: TensorFlow's CPU kernels sum in an order that depends on the batch's size, so a
     * batch of 32 gives a photo other low bits than a batch of 1. Alone, a photo gets the same vector in
     * any batch, split or {@code fruits serve} request; and measured here, one at a time is also faster
     * (inference 5.9 s against 9.8 s of task time for 256 tiles at --batch-size 1 and 32).
     */
    public void features(float[] images, int n, float[] features) {
        if (input == null) {
            input = TFloat32.tensorOf(Shape.of(1, MobileNetPreprocessor.SIZE, MobileNetPreprocessor.SIZE,
                    MobileNetPreprocessor.CHANNELS));
        }
        for (int i = 0; i < n; i++) {
            input.copyFrom(DataBuffers.of(images, true, false).slice((long) i * MobileNetPreprocessor.VALUES,
                    MobileNetPreprocessor.VALUES));
            try (Result result = function.call(Map.of(INPUT, input))) {
                Tensor out = result.get(OUTPUT).orElseThrow(
                        () -> new IllegalStateException("The model has no '" + OUTPUT + "' output"));
                ((TFloat32) out).copyTo(DataBuffers.of(features, false, false).slice((long) i * FeatureRow.DIMENSIONS,
                        FeatureRow.DIMENSIONS));
            }
        }
    }

    @Override
    public String engine() {
        return "tensorflow " + org.tensorflow.TensorFlow.version();
    }

    @Override
    public void close() {
        if (input != null) {
            input.close();
        }
        bundle.close();
    }
}

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
 * Loaded once per task; one input tensor per batch size is kept and refilled.
 */
public final class TensorFlowFeatureModel implements FeatureEngine {
    private static final String SIGNATURE = "serving_default";
    private static final String INPUT = "images";
    private static final String OUTPUT = "features";

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private TFloat32 input;
    private int inputBatch;

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
     */
    public void features(float[] images, int n, float[] features) {
        if (input == null || inputBatch != n) {
            if (input != null) {
                input.close();
            }
            input = TFloat32.tensorOf(Shape.of(n, MobileNetPreprocessor.SIZE, MobileNetPreprocessor.SIZE,
                    MobileNetPreprocessor.CHANNELS));
            inputBatch = n;
        }
        input.copyFrom(DataBuffers.of(images, true, false).narrow((long) n * MobileNetPreprocessor.VALUES));
        try (Result result = function.call(Map.of(INPUT, input))) {
            Tensor out = result.get(OUTPUT).orElseThrow(
                    () -> new IllegalStateException("The model has no '" + OUTPUT + "' output"));
            ((TFloat32) out).copyTo(DataBuffers.of(features, false, false).narrow((long) n * FeatureRow.DIMENSIONS));
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

package com.fruits.featurize.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fruits.common.FeatureRow;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.FeatureEngine;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * MobileNetV2 on ONNX Runtime: the graph {@link MobileNetV2Onnx} writes. {@code threads} caps the session's
 * intra-op pool (0: ONNX Runtime's default, every core); spinning is off, so that a map waiting on its next
 * batch leaves the core to its neighbours. Calls may come from several threads (ONNX Runtime's run is
 * thread-safe; with one intra-op thread it runs on the caller's): the local runner's maps share one.
 */
public final class OnnxFeatureModel implements FeatureEngine {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    /**
     * Input buffers, taken for a run and given back after it: as many as calls at once, at most (a buffer per
     * thread instead would keep one for every request thread of {@code fruits serve} that ever used the model).
     */
    private final Queue<FloatBuffer> batches = new ConcurrentLinkedQueue<>();

    private OnnxFeatureModel(OrtSession session) {
        this.session = session;
    }

    public static OnnxFeatureModel load(byte[] model, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            // Memory patterns are planned per input shape over its first two runs: a second slow run (0.2-0.7 s)
            // for each batch size, for no gain at steady state (measured the same 7-8 ms per image without).
            options.setMemoryPatternOptimization(false);
            return new OnnxFeatureModel(OrtEnvironment.getEnvironment().createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the converted model: " + e.getMessage(), e);
        }
    }

    @Override
    public void features(float[] images, int n, float[] features) {
        long[] shape = {n, MobileNetPreprocessor.SIZE, MobileNetPreprocessor.SIZE, MobileNetPreprocessor.CHANNELS};
        int values = n * MobileNetPreprocessor.VALUES;
        FloatBuffer batch = batches.poll();
        if (batch == null || batch.capacity() < values) {
            // A direct buffer in native order is handed to ONNX Runtime as it is; a heap one would be copied
            // into a fresh 19 MB direct buffer on every batch of 32.
            batch = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        batch.clear();
        batch.put(images, 0, values).flip();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch, shape);
             OrtSession.Result result = session.run(Map.of("images", input))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            out.get(features, 0, n * FeatureRow.DIMENSIONS);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + ": " + e.getMessage(), e);
        } finally {
            batches.offer(batch);
        }
    }

    @Override
    public String engine() {
        return "onnxruntime " + environment.getVersion();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

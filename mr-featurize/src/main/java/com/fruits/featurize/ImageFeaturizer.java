package com.fruits.featurize;

import com.fruits.common.FeatureRow;
import com.fruits.featurize.image.PhotoReading;
import com.fruits.featurize.image.ImageRejectedException;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.FeatureEngine;
import java.util.Arrays;

/**
 * Image bytes to MobileNetV2 vectors: decode, Pillow resize, Keras preprocessing, engine. The one code
 * path from bytes to a vector, taken by the featurize mapper (batches of {@code --batch-size}) and by
 * {@code fruits serve} (one photo per call), so that the service answers the batch job's exact numbers
 * and rejects what the job rejects, for the same reason. Not thread-safe: one per task or per session.
 */
public final class ImageFeaturizer implements AutoCloseable {
    private final FeatureEngine engine;
    private final MobileNetPreprocessor preprocessor;
    private final float[] images;
    private final float[] features;
    private final int capacity;
    /**
     * The size of the batch being filled: 4 at first, doubled after each run up to {@code capacity}. ONNX
     * Runtime touches fresh memory for the largest batch it has run (page faults: 1.0 s for a first batch of
     * 32 on one thread, 0.2 s for 4, then the same 7-8 ms per image at every size), which a task of a few
     * photos should not pay for 32. Vectors do not depend on the batch: ONNX Runtime's are bit-identical at
     * 1, 4 and 32 (measured), and TensorFlow runs one image per call.
     */
    private int target;
    private int pending;
    private long decodeNanos;
    private long inferenceNanos;

    public ImageFeaturizer(FeatureEngine engine, long maxPixels, int batchSize) {
        this(engine, maxPixels, batchSize, PhotoReading.ORIGINAL);
    }

    public ImageFeaturizer(FeatureEngine engine, long maxPixels, int batchSize, PhotoReading reading) {
        this.engine = engine;
        this.preprocessor = new MobileNetPreprocessor(maxPixels, reading);
        this.capacity = Math.max(1, batchSize);
        this.target = Math.min(capacity, 4);
        this.images = new float[capacity * MobileNetPreprocessor.VALUES];
        this.features = new float[capacity * FeatureRow.DIMENSIONS];
    }

    /**
     * Decodes and preprocesses {@code bytes} into the next slot of the batch; true when it is time to run the
     * batch: it is full, or it reached the ramp's size and the engine is ready. More may be added, up to
     * {@code batchSize}.
     */
    public boolean add(byte[] bytes) throws ImageRejectedException {
        if (pending == capacity) {
            throw new IllegalStateException("The batch of " + capacity + " is full: run it first");
        }
        long start = System.nanoTime();
        try {
            preprocessor.preprocess(bytes, images, pending * MobileNetPreprocessor.VALUES);
        } finally {
            decodeNanos += System.nanoTime() - start;
        }
        // While the model loads, the batch keeps filling (decoding overlaps the load) up to its capacity.
        return ++pending == capacity || pending >= target && engine.ready();
    }

    /** Images added since the last {@link #run}. */
    public int pending() {
        return pending;
    }

    /** Runs the engine on the pending images and returns their vectors, in the order they were added. */
    public float[][] run() {
        float[][] out = new float[pending][];
        if (pending == 0) {
            return out;
        }
        long start = System.nanoTime();
        engine.features(images, pending, features);
        inferenceNanos += System.nanoTime() - start;
        for (int i = 0; i < pending; i++) {
            out[i] = Arrays.copyOfRange(features, i * FeatureRow.DIMENSIONS, (i + 1) * FeatureRow.DIMENSIONS);
        }
        pending = 0;
        target = Math.min(capacity, target * 2);
        return out;
    }

    /** One photo's vector (the batch must be empty). */
    public float[] vector(byte[] bytes) throws ImageRejectedException {
        if (pending != 0) {
            throw new IllegalStateException(pending + " image(s) are pending: run them first");
        }
        add(bytes);
        return run()[0];
    }

    public String engine() {
        return engine.engine();
    }

    public long decodeNanos() {
        return decodeNanos;
    }

    public long inferenceNanos() {
        return inferenceNanos;
    }

    @Override
    public void close() {
        engine.close();
    }
}

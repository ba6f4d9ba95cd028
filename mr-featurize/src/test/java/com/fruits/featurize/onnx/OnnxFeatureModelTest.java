package com.fruits.featurize.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fruits.common.FeatureRow;
import com.fruits.common.SharedData;
import com.fruits.featurize.image.MobileNetPreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One session called by the local runner's maps at once gives each the vectors it gives alone. */
@Tag("unit")
class OnnxFeatureModelTest {
    private static final int BATCH = 4;

    @Test
    void oneSessionCalledFromTwoThreadsAtOnceGivesEachItsOwnVectors() throws Exception {
        List<Path> jpegs;
        try (Stream<Path> files = Files.walk(SharedData.testImages())) {
            jpegs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(2 * BATCH).toList();
        }
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(40_000_000);
        float[][] batches = new float[2][BATCH * MobileNetPreprocessor.VALUES];
        for (int i = 0; i < 2 * BATCH; i++) {
            preprocessor.preprocess(Files.readAllBytes(jpegs.get(i)), batches[i / BATCH], (i % BATCH) * MobileNetPreprocessor.VALUES);
        }
        byte[] onnx = MobileNetV2Onnx.convert(SavedModelWeights.read(SharedData.kerasSavedModel()));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (OnnxFeatureModel model = OnnxFeatureModel.load(onnx, 1)) {
            float[][] alone = new float[2][BATCH * FeatureRow.DIMENSIONS];
            model.features(batches[0], BATCH, alone[0]);
            model.features(batches[1], BATCH, alone[1]);
            for (int round = 0; round < 3; round++) {
                Future<float[]> first = threads.submit(() -> run(model, batches[0]));
                Future<float[]> second = threads.submit(() -> run(model, batches[1]));
                assertArrayEquals(alone[0], first.get());
                assertArrayEquals(alone[1], second.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static float[] run(OnnxFeatureModel model, float[] batch) {
        float[] out = new float[BATCH * FeatureRow.DIMENSIONS];
        for (int i = 0; i < 5; i++) { // several calls, so that the two threads' runs overlap
            model.features(batch, BATCH, out);
        }
        return out;
    }
}

package com.fruits.featurize.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.FeatureRow;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ONNX graph converted from the Keras weight file computes the reference's features. */
@Tag("unit")
class OnnxParityTest {
    private static final int IMAGES = 64;

    @Test
    void modelConvertedFromTheKerasWeightFileMatchesTheReference() throws Exception {
        Path h5 = SharedData.kerasWeights();
        assertMatchesReference(MobileNetV2Onnx.convert(KerasWeights.read(h5)), "Keras .h5");
    }

    @Test
    void modelConvertedFromTheSavedModelVariablesMatchesTheReference() throws Exception {
        assertMatchesReference(MobileNetV2Onnx.convert(SavedModelWeights.read(SharedData.kerasSavedModel())), "SavedModel");
    }

    private static void assertMatchesReference(byte[] onnx, String source) throws Exception {
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet")).subList(0, IMAGES);
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(40_000_000);
        float[] images = new float[IMAGES * MobileNetPreprocessor.VALUES];
        for (int i = 0; i < IMAGES; i++) {
            byte[] jpeg = Files.readAllBytes(SharedData.testImages().resolve(reference.get(i).getString("path", 0)));
            preprocessor.preprocess(jpeg, images, i * MobileNetPreprocessor.VALUES);
        }
        float[] features = new float[IMAGES * FeatureRow.DIMENSIONS];
        try (OnnxFeatureModel model = OnnxFeatureModel.load(onnx, 1)) {
            for (int i = 0; i < IMAGES; i += 8) {
                float[] batch = java.util.Arrays.copyOfRange(images, i * MobileNetPreprocessor.VALUES, (i + 8) * MobileNetPreprocessor.VALUES);
                float[] out = new float[8 * FeatureRow.DIMENSIONS];
                model.features(batch, 8, out);
                System.arraycopy(out, 0, features, i * FeatureRow.DIMENSIONS, out.length);
            }
        }
        double worstCosine = 1;
        double worstRelative = 0;
        for (int i = 0; i < IMAGES; i++) {
            double[] expected = ParquetGroups.list(reference.get(i), "features");
            double dot = 0, ee = 0, aa = 0, diff = 0;
            for (int d = 0; d < FeatureRow.DIMENSIONS; d++) {
                double a = features[i * FeatureRow.DIMENSIONS + d];
                dot += a * expected[d];
                ee += expected[d] * expected[d];
                aa += a * a;
                diff += (a - expected[d]) * (a - expected[d]);
            }
            worstCosine = Math.min(worstCosine, dot / Math.sqrt(ee * aa));
            worstRelative = Math.max(worstRelative, Math.sqrt(diff / ee));
        }
        System.out.printf(Locale.ROOT, "ONNX from the %s vs Keras reference, %d images: worst cosine %.9f, worst relative L2 %.2e%n",
                source, IMAGES, worstCosine, worstRelative);
        assertTrue(worstCosine >= 0.99999, "cosine " + worstCosine);
        assertTrue(worstRelative <= 1e-4, "relative L2 " + worstRelative);
    }
}

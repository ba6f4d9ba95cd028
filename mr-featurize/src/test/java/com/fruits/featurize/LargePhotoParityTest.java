package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.featurize.image.ImageDecoder;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Phone-sized photos (2 MP and 12 MP; baseline, progressive, 4:4:4, quality 75) against what the original
 * Python code made of them: Pillow's 224x224 pixels, byte for byte, and the Keras features, through the same
 * {@link ImageFeaturizer} the featurize mapper and {@code fruits serve} use.
 */
@Tag("unit")
class LargePhotoParityTest {

    @Test
    void largePhotosGivePillowsExactPixelsAndKerasFeatures() throws Exception {
        Path large = SharedData.reference().resolve("large");
        Assumptions.assumeTrue(Files.isRegularFile(large.resolve("features.parquet")),
                () -> "needs the large-photo references of ../shared/reference/large (missing here)");
        List<Group> reference = ParquetGroups.read(large.resolve("features.parquet"));
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(100_000_000L);
        ImageDecoder decoder = new ImageDecoder(100_000_000L);
        try (ImageFeaturizer featurizer = new ImageFeaturizer(
                TensorFlowFeatureModel.load(SharedData.kerasSavedModel(), 1), 100_000_000L, reference.size())) {
            for (Group row : reference) {
                String path = row.getString("path", 0);
                byte[] jpeg = Files.readAllBytes(large.resolve(path));
                String name = Path.of(path).getFileName().toString().replace(".jpg", "");
                byte[] pillow = decoder.decode(Files.readAllBytes(large.resolve("pixels/" + name + "-resized-224.png"))).rgb();
                int[] resized = preprocessor.resizedRgb(jpeg);
                for (int i = 0; i < resized.length; i++) {
                    assertEquals(pillow[i] & 0xff, resized[i], () -> "resized pixels differ from Pillow's for " + path);
                }
                featurizer.add(jpeg);
            }
            float[][] vectors = featurizer.run();
            double worstCosine = 1;
            double worstAbs = 0;
            for (int r = 0; r < reference.size(); r++) {
                double[] keras = ParquetGroups.list(reference.get(r), "features");
                double dot = 0;
                double kk = 0;
                double vv = 0;
                for (int c = 0; c < keras.length; c++) {
                    dot += keras[c] * vectors[r][c];
                    kk += keras[c] * keras[c];
                    vv += (double) vectors[r][c] * vectors[r][c];
                    worstAbs = Math.max(worstAbs, Math.abs(keras[c] - vectors[r][c]));
                }
                worstCosine = Math.min(worstCosine, dot / Math.sqrt(kk * vv));
            }
            System.out.printf("Large-photo parity on %d photos: min cosine %.9f, max |diff| %.3g%n", reference.size(),
                    worstCosine, worstAbs);
            // TensorFlow orders its sums by thread count and batch size, and Keras ran with its own: float
            // tolerance, as for the tiles (FeaturizeJobTest) but ten times tighter. Measured here: 3.9e-5 one
            // photo per call, 3.8e-5 with the nine in one batch (the engine before it ran one photo per call).
            assertTrue(worstCosine >= 0.9999999, "min cosine " + worstCosine);
            assertTrue(worstAbs <= 1e-4, "max abs difference " + worstAbs);
            assertEquals(9, reference.size());
        }
    }
}

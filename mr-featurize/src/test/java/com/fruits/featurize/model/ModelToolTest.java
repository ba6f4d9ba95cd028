package com.fruits.featurize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.common.FeatureRow;
import com.fruits.common.FileServer;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.common.UsageException;
import com.fruits.common.UserCache;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.ModelFingerprint;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import com.fruits.featurize.onnx.OnnxConversion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fruits model fetch} against a real HTTP server on loopback serving the Keras weight file from
 * ../shared: the SavedModel it builds computes what ../shared's SavedModel (same weights) computes.
 */
@Tag("unit")
class ModelToolTest {
    private static final String H5 = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";
    private static final int IMAGES = 16;

    @TempDir
    Path cache;

    private Configuration conf(URI url) {
        Configuration conf = new Configuration(false);
        conf.set(UserCache.DIR, cache.toString());
        conf.set(ModelConfigKeys.URL.property(), url.toString());
        return conf;
    }

    @Test
    void fetchedWeightsBuildTheSameModelAndASecondCallDownloadsNothing() throws Exception {
        byte[] weights = Files.readAllBytes(SharedData.kerasWeights());
        try (FileServer server = new FileServer()) {
            URI url = server.serve("/keras-applications/mobilenet_v2/" + H5, weights, FileServer.Behaviour.CUT_ONCE);
            Path built = ModelTool.fetch(conf(url));
            assertEquals(2, server.requests(), "one cut download, resumed once");

            JsonNode source = new ObjectMapper().readTree(built.resolveSibling(ModelTool.SOURCE).toFile());
            assertEquals(url.toString(), source.path("url").asText());
            assertEquals(weights.length, source.path("bytes").asLong());
            assertEquals(ModelFingerprint.ofFile(SharedData.kerasWeights()), source.path("sha256").asText());
            assertTrue(Files.isRegularFile(built.resolveSibling(OnnxConversion.FILE)));

            assertEquals(built, ModelTool.fetch(conf(url)));
            assertEquals(2, server.requests(), "the second call finds the model in the cache");
            assertSameFeatures(built);
        }
    }

    /** Max abs difference <= 1e-5 against ../shared's SavedModel on reference images. */
    private static void assertSameFeatures(Path built) throws Exception {
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet")).subList(0, IMAGES);
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(40_000_000);
        float[] images = new float[IMAGES * MobileNetPreprocessor.VALUES];
        for (int i = 0; i < IMAGES; i++) {
            preprocessor.preprocess(Files.readAllBytes(SharedData.testImages().resolve(reference.get(i).getString("path", 0))),
                    images, i * MobileNetPreprocessor.VALUES);
        }
        float[] expected = new float[IMAGES * FeatureRow.DIMENSIONS];
        float[] actual = new float[IMAGES * FeatureRow.DIMENSIONS];
        try (TensorFlowFeatureModel shared = TensorFlowFeatureModel.load(SharedData.model(), 0); TensorFlowFeatureModel ours = TensorFlowFeatureModel.load(built, 0)) {
            shared.features(images, IMAGES, expected);
            ours.features(images, IMAGES, actual);
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf(Locale.ROOT, "built SavedModel vs ../shared SavedModel on %d reference images: max abs difference %.3e%n",
                IMAGES, worst);
        assertTrue(worst <= 1e-5, "max abs difference " + worst);
    }

    @Test
    void aFileThatIsNotTheWeightFileIsRefusedInOneSentenceAndDeleted() throws Exception {
        try (FileServer server = new FileServer()) {
            URI url = server.serve("/" + H5, "<html>Sign in to continue</html>".getBytes(), FileServer.Behaviour.NORMAL);
            UsageException e = assertThrows(UsageException.class, () -> ModelTool.fetch(conf(url)));
            assertTrue(e.getMessage().contains("is not the Keras MobileNetV2 weight file (it is not an HDF5 file)")
                    && e.getMessage().contains("run the command again to download it anew"), e.getMessage());
            assertFalse(Files.exists(cache.resolve("downloads").resolve(H5)));
        }
    }

    @Test
    void aLocalCopyIsTakenAsItIsAndAWrongOneIsRefused() throws Exception {
        Configuration conf = conf(URI.create("http://127.0.0.1:9/unreachable.h5"));
        conf.set(ModelConfigKeys.FROM.property(), SharedData.model().resolve("saved_model.pb").toString());
        UsageException e = assertThrows(UsageException.class, () -> ModelTool.fetch(conf));
        assertTrue(e.getMessage().contains("give --from the mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"),
                e.getMessage());
        conf.set(ModelConfigKeys.FROM.property(), SharedData.kerasWeights().toString());
        Path built = ModelTool.fetch(conf);
        assertTrue(Files.isRegularFile(built.resolve("saved_model.pb")));
    }
}

package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.SharedData;
import com.fruits.featurize.onnx.MobileNetV2Onnx;
import com.fruits.featurize.onnx.SavedModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A model given as an archive (as on HDFS or S3) is unpacked in the driver, for the checks and the ONNX conversion. */
@Tag("unit")
class ModelCacheTest {
    @Test
    void anArchivedModelIsUnpackedAndConvertsLikeTheFolder() throws Exception {
        Path zip = ModelCache.zip(SharedData.kerasSavedModel());
        Configuration conf = new Configuration();
        conf.set("fruits.model", zip.toUri().toString());
        Path dir = ModelCache.localSavedModel(conf);
        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")), dir.toString());
        assertEquals(com.fruits.featurize.model.ModelFingerprint.ofFolder(SharedData.kerasSavedModel()), ModelCache.fingerprint(conf));
        assertTrue(java.util.Arrays.equals(MobileNetV2Onnx.convert(SavedModelWeights.read(SharedData.kerasSavedModel())),
                MobileNetV2Onnx.convert(SavedModelWeights.read(dir))), "the archive's conversion differs from the folder's");
    }
}

package com.fruits.featurize.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.fruits.common.UserCache;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime loads from the user cache's copy of its natives, and the build's version is the one that runs. */
@Tag("unit")
class OnnxRuntimeNativesTest {
    @TempDir
    Path cache;

    @Test
    void theEngineLoadsFromTheCachedNativesAndItsVersionIsTheBuilds() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(UserCache.DIR, cache.toString());
        OnnxRuntimeNatives.prepare(conf);
        // Another test of this JVM may have prepared them first, in its own cache: the property names where.
        String dir = System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY);
        assertNotNull(dir, "onnxruntime.native.path is set");
        for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
            String name = System.mapLibraryName(library);
            URL packed = OnnxRuntimeNatives.class.getResource("/ai/onnxruntime/native/linux-x64/" + name);
            Path unpacked = Path.of(dir, name);
            assertTrue(Files.isRegularFile(unpacked), unpacked + " unpacked");
            if (packed != null) {
                assertEquals(packed.openConnection().getContentLengthLong(), Files.size(unpacked), name + " whole");
            }
        }
        assertEquals(OrtEnvironment.getEnvironment().getVersion(), OnnxRuntimeNatives.version());
    }
}

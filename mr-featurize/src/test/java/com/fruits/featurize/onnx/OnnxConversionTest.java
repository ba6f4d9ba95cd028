package com.fruits.featurize.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.SharedData;
import com.fruits.common.UserCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's conversion is kept in the user cache by the weights' fingerprint, reused, and redone when damaged. */
@Tag("unit")
class OnnxConversionTest {
    @TempDir
    Path cache;

    @Test
    void aConversionIsReusedByFingerprintAndADamagedOneIsRedone() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(UserCache.DIR, cache.toString());
        List<byte[]> images;
        try (Stream<Path> files = Files.list(SharedData.testImages().resolve("Banana 1"))) {
            images = files.sorted().limit(2).map(OnnxConversionTest::read).toList();
        }
        Path first = OnnxConversion.convert(conf, SharedData.kerasSavedModel(), images);
        assertTrue(first.startsWith(cache.resolve("onnx")), first.toString());
        byte[] bytes = Files.readAllBytes(first);
        Object written = fileKey(first);

        Path second = OnnxConversion.convert(conf, SharedData.kerasSavedModel(), images);
        assertEquals(first, second);
        assertEquals(written, fileKey(second), "reused as it is, not written again");
        assertArrayEquals(bytes, Files.readAllBytes(second));

        Files.write(first, new byte[] {1, 2, 3}); // a damaged entry
        Path third = OnnxConversion.convert(conf, SharedData.kerasSavedModel(), images);
        // The damaged entry is deleted before the new one is written, so the file system may give the new file
        // the freed inode: its bytes, not its file key, show that it was converted again.
        assertArrayEquals(bytes, Files.readAllBytes(third), "converted again, to the same bytes");
    }

    private static Object fileKey(Path file) throws java.io.IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

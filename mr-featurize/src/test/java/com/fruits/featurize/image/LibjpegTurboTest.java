package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.SharedData;
import com.fruits.featurize.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * libjpeg-turbo gives the bytes javax.imageio gives (libjpeg 6b's, Pillow's) on every kind of JPEG we
 * have, refuses what is damaged, and its reduced scales are Pillow's draft scales.
 */
@Tag("unit")
class LibjpegTurboTest {
    private static final PhotoReading FAST = new PhotoReading(DecodeMode.FAST, Orientation.IGNORE);
    private final ImageDecoder decoder = new ImageDecoder(100_000_000L);

    @Test
    void nativesLoadOnThisPlatform() {
        assertTrue(OpenCvCodecs.available(), "libjpeg-turbo natives did not load (see the warning in the log)");
    }

    @Test
    void samePixelsAsJavaxImageioOnTilesAndPhotos() throws Exception {
        List<Path> jpegs = new ArrayList<>(SharedData.testSlice(131, 2));
        Path photos = SharedData.reference().resolve("large/photos");
        if (Files.isDirectory(photos)) {
            try (Stream<Path> s = Files.list(photos)) {
                s.sorted().forEach(jpegs::add);
            }
        }
        for (Path jpeg : jpegs) {
            byte[] bytes = Files.readAllBytes(jpeg);
            JpegHeader header = JpegHeader.parse(bytes);
            assertNotNull(header, jpeg.toString());
            assertTrue(OpenCvCodecs.takes(header), jpeg + " would not take the libjpeg-turbo path");
            RgbImage turbo = decoder.decode(bytes);
            RgbImage imageio = decoder.decodeWithImageIo(bytes);
            assertEquals(imageio.width(), turbo.width(), jpeg.toString());
            assertEquals(imageio.height(), turbo.height(), jpeg.toString());
            assertArrayEquals(imageio.rgb(), turbo.rgb(), () -> jpeg + ": libjpeg-turbo and javax.imageio differ");
        }
    }

    @Test
    void greyJpegIsReplicatedToRgbLikeImageio() throws Exception {
        byte[] grey = TestImages.greyJpeg();
        assertEquals(1, JpegHeader.parse(grey).components());
        assertArrayEquals(decoder.decodeWithImageIo(grey).rgb(), decoder.decode(grey).rgb());
    }

    @Test
    void truncatedJpegIsRefusedAsCorrupt() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.testSlice(1, 1).get(0));
        for (int length : new int[] {jpeg.length / 3, jpeg.length / 2, jpeg.length * 9 / 10}) {
            byte[] truncated = Arrays.copyOf(jpeg, length);
            ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(truncated));
            assertEquals(RejectReason.CORRUPT_IMAGE, e.reason(), "cut at " + length);
        }
    }

    /** Bytes overwritten inside the compressed data: libjpeg decodes around them, we refuse as javax.imageio did. */
    @Test
    void damagedScanDataIsRefusedAsCorrupt() throws Exception {
        List<Path> files = new ArrayList<>(List.of(SharedData.testSlice(1, 1).get(0)));
        if (SharedData.available()) { // phone photos, baseline and progressive
            files.add(SharedData.reference().resolve("large/photos/2mp-a.jpg"));
            files.add(SharedData.reference().resolve("large/photos/2mp-progressive.jpg"));
        }
        for (Path file : files) {
            byte[] damaged = Files.readAllBytes(file);
            byte[] garbage = new byte[512];
            new java.util.Random(22).nextBytes(garbage);
            System.arraycopy(garbage, 0, damaged, damaged.length / 2, garbage.length);
            ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(damaged));
            assertEquals(RejectReason.CORRUPT_IMAGE, e.reason(), file.toString());
            assertTrue(e.getMessage().contains("stray marker"), e.getMessage());
        }
    }

    @Test
    void bombIsRefusedFromTheHeaderBeforeDecoding() throws Exception {
        byte[] jpeg = TestImages.withDeclaredSize(Files.readAllBytes(SharedData.testSlice(1, 1).get(0)), 60000, 60000);
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(jpeg));
        assertEquals(RejectReason.TOO_MANY_PIXELS, e.reason());
    }

    /** Pillow's draft picks the largest of 8, 4, 2 that keeps both sides at least the target size. */
    @Test
    void fastModeDecodesAtPillowsDraftScale() throws Exception {
        assertEquals(8, DecodeMode.FAST.scale(4000, 3000, 224));
        assertEquals(4, DecodeMode.FAST.scale(1600, 1200, 224));
        assertEquals(2, DecodeMode.FAST.scale(640, 480, 224));
        assertEquals(1, DecodeMode.FAST.scale(100, 100, 224));
        assertEquals(1, DecodeMode.FAST.scale(447, 4000, 224));
        assertEquals(1, DecodeMode.EXACT.scale(4000, 3000, 224));

        Path photo = SharedData.reference().resolve("large/photos/2mp-a.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(photo), () -> "needs " + photo);
        RgbImage fast = new ImageDecoder(100_000_000L, FAST, 224).decode(Files.readAllBytes(photo));
        assertEquals(400, fast.width());
        assertEquals(300, fast.height());
        // A tile is never reduced: fast and exact are the same pixels.
        byte[] tile = Files.readAllBytes(SharedData.testSlice(1, 1).get(0));
        assertArrayEquals(decoder.decode(tile).rgb(), new ImageDecoder(1_000_000L, FAST, 224).decode(tile).rgb());
    }
}

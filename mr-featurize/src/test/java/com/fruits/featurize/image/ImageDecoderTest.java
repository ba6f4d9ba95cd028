package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JPEG variants app photos come in that the Fruits-360 images do not: CMYK and EXIF orientation. */
@Tag("unit")
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(40_000_000);

    /** A CMYK JPEG without an ICC profile is converted to RGB (the plugin's note about the profile is not damage). */
    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        RgbImage rgb = decoder.decode(TestImages.cmykJpeg());

        assertEquals(64, rgb.width());
        int[] centre = pixel(rgb, 32, 32);
        int[] corner = pixel(rgb, 2, 2);
        assertTrue(centre[0] > 180 && centre[1] < 90 && centre[2] < 90, "centre should be red: " + Arrays.toString(centre));
        assertTrue(corner[0] > 220 && corner[1] > 220 && corner[2] > 220, "corner should be white: " + Arrays.toString(corner));
    }

    /**
     * EXIF orientation is not applied: the pixels are read as stored, as Pillow's Image.open did in the
     * original (the reference vectors were made that way), so the same photo gives the same vector.
     */
    @Test
    void exifOrientationIsIgnoredLikeTheOriginal() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.testSlice(1, 1).get(0));

        RgbImage plain = decoder.decode(jpeg);
        RgbImage tagged = decoder.decode(TestImages.withExifOrientation(jpeg, 6));

        assertEquals(plain.width(), tagged.width());
        assertArrayEquals(plain.rgb(), tagged.rgb());
    }

    private static int[] pixel(RgbImage image, int x, int y) {
        int o = (y * image.width() + x) * 3;
        return new int[] {image.rgb()[o] & 0xff, image.rgb()[o + 1] & 0xff, image.rgb()[o + 2] & 0xff};
    }
}

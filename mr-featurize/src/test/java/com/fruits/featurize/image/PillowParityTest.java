package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Decode + resize against the pixels Pillow produced for the reference images. */
@Tag("unit")
class PillowParityTest {

    @Test
    void decodeAndResizeGivePillowsExactBytes() throws Exception {
        Path pixels = SharedData.reference().resolve("pixels");
        List<String> rows = Files.readAllLines(pixels.resolve("index.csv"));
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(100_000_000L);
        ImageDecoder decoder = new ImageDecoder(100_000_000L);
        long bytes = 0;
        long identical = 0;
        int maxDifference = 0;
        int images = 0;
        for (String row : rows.subList(1, rows.size())) {
            // id,"label/name.jpg",decoded_png,resized_png
            String[] cells = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            Path jpeg = SharedData.testImages().resolve(cells[1].replace("\"", ""));
            byte[] jpegBytes = Files.readAllBytes(jpeg);

            byte[] decoded = decoder.decode(jpegBytes).rgb();
            byte[] pillowDecoded = png(pixels.resolve(cells[2]));
            assertEquals(0, maxDifference(decoded, pillowDecoded), "decoded pixels differ for " + jpeg);

            int[] resized = preprocessor.resizedRgb(jpegBytes);
            byte[] pillowResized = png(pixels.resolve(cells[3]));
            assertEquals(pillowResized.length, resized.length);
            for (int i = 0; i < resized.length; i++) {
                int d = Math.abs(resized[i] - (pillowResized[i] & 0xff));
                identical += d == 0 ? 1 : 0;
                maxDifference = Math.max(maxDifference, d);
            }
            bytes += resized.length;
            images++;
        }
        System.out.printf("Pillow parity: %d images, %d of %d resized bytes identical (%.4f%%), max difference %d%n",
                images, identical, bytes, 100.0 * identical / bytes, maxDifference);
        assertEquals(16, images);
        assertEquals(bytes, identical, "resized bytes differ from Pillow's; max difference " + maxDifference);
    }

    @Test
    void resizerMatchesPillowKernel() {
        // Pillow's bicubic (a = -0.5): 1 at 0, 0 at the integers, -0.0625 at 1.5.
        assertEquals(1.0, PillowBicubicResizer.bicubic(0), 0);
        assertEquals(0.0, PillowBicubicResizer.bicubic(1), 0);
        assertEquals(-0.0625, PillowBicubicResizer.bicubic(1.5), 1e-15);
        assertEquals(0.0, PillowBicubicResizer.bicubic(2), 0);
        // A flat image stays flat through both passes and their 8-bit rounding.
        byte[] flat = new byte[100 * 100 * 3];
        java.util.Arrays.fill(flat, (byte) 200);
        int[] out = new int[224 * 224 * 3];
        new PillowBicubicResizer(100, 100, 224, 224).resize(flat, out);
        for (int v : out) {
            assertEquals(200, v);
        }
    }

    private static byte[] png(Path file) throws IOException, ImageRejectedException {
        return ImageDecoder.toRgb(ImageIO.read(file.toFile())).rgb();
    }

    private static int maxDifference(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        assertTrue(max >= 0);
        return max;
    }
}

package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The line-by-line resizer gives the same bytes as Pillow's own loop order ({@code ImagingResampleHorizontal_8bpc}
 * and {@code ImagingResampleVertical_8bpc}, transcribed below) for up- and downscales, unchanged axes and odd
 * sizes: the Pillow reference pixels only cover 100x100 -> 224x224.
 */
@Tag("unit")
class PillowResizeOrderTest {
    private static final int PRECISION_BITS = 22;

    @ParameterizedTest
    @CsvSource({"100,100", "224,224", "224,100", "100,224", "37,300", "300,37", "1,1", "3,5", "640,480", "1000,750",
            "4000,33"})
    void sameBytesAsPillowsLoopOrder(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        new Random(width * 31L + height).nextBytes(rgb);
        int[] resized = new int[224 * 224 * 3];
        new PillowBicubicResizer(width, height, 224, 224).resize(rgb, resized);
        assertArrayEquals(pillow(rgb, width, height, 224, 224), resized);
    }

    /** Pillow's Resample.c for 8-bit RGB, pixel by pixel: horizontal pass, then vertical, each skipped if its size stays. */
    private static int[] pillow(byte[] rgb, int inWidth, int inHeight, int outWidth, int outHeight) {
        int[] afterHorizontal = new int[inHeight * outWidth * 3];
        int[][] h = coefficients(inWidth, outWidth);
        for (int y = 0; y < inHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                for (int c = 0; c < 3; c++) {
                    if (inWidth == outWidth) {
                        afterHorizontal[(y * outWidth + x) * 3 + c] = rgb[(y * inWidth + x) * 3 + c] & 0xff;
                        continue;
                    }
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < h[1][x]; i++) {
                        sum += (rgb[(y * inWidth + h[0][x] + i) * 3 + c] & 0xff) * h[2 + x][i];
                    }
                    afterHorizontal[(y * outWidth + x) * 3 + c] = clip8(sum);
                }
            }
        }
        if (inHeight == outHeight) {
            return afterHorizontal;
        }
        int[] out = new int[outHeight * outWidth * 3];
        int[][] v = coefficients(inHeight, outHeight);
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth * 3; x++) {
                int sum = 1 << (PRECISION_BITS - 1);
                for (int i = 0; i < v[1][y]; i++) {
                    sum += afterHorizontal[(v[0][y] + i) * outWidth * 3 + x] * v[2 + y][i];
                }
                out[y * outWidth * 3 + x] = clip8(sum);
            }
        }
        return out;
    }

    private static int clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        return in <= 0 ? 0 : in >> PRECISION_BITS;
    }

    /** precompute_coeffs + normalize_coeffs_8bpc: {xmin per output, count per output, then each output's weights}. */
    private static int[][] coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        int[][] result = new int[2 + outSize][];
        result[0] = new int[outSize];
        result[1] = new int[outSize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double[] k = new double[xmax];
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                k[x] = PillowBicubicResizer.bicubic((x + xmin - center + 0.5) * (1.0 / filterScale));
                ww += k[x];
            }
            result[2 + xx] = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                result[2 + xx][x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
            }
            result[0][xx] = xmin;
            result[1][xx] = xmax;
        }
        return result;
    }
}

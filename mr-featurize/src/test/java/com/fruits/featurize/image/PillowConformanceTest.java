package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.featurize.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the public conformance corpora — PngSuite (every PNG colour type, bit depth, interlacing,
 * transparency, ancillary chunks and the corrupt "x" files) and Jason Summers' BMP suite (valid, questionable
 * and bad files) — and Fruits-360 tiles saved by Pillow in each photo format and mode, against what Pillow
 * made of them ({@code conformance/expected.tsv}, written by {@code src/test/python/pillow_conformance.py}):
 * each file gets Pillow's exact 224x224 pixels, or is refused — always when Pillow refuses it, and otherwise
 * only as {@link RejectReason#UNSUPPORTED_FORMAT} with the format named.
 */
@Tag("unit")
class PillowConformanceTest {
    private static final String FOLDER = "/conformance/";
    /** Pillow's own limit ({@code 2 * Image.MAX_IMAGE_PIXELS}): the bad BMPs that declare more are bombs to it. */
    private static final long PILLOW_BOMB_LIMIT = 178_956_970L;
    private static final Map<String, String> REFUSED_BY_US = new TreeMap<>();
    private static int equal;

    private final MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(PILLOW_BOMB_LIMIT);

    static Stream<Arguments> expected() throws IOException {
        try (InputStream in = PillowConformanceTest.class.getResourceAsStream(FOLDER + "expected.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).map(line -> Arguments.of(line.split("\t")[0], line.split("\t"))).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void givesPillowsPixelsOrRefusesByName(String file, String[] row) throws Exception {
        byte[] bytes = bytes(file);
        boolean pillowRefuses = row[1].equals("REFUSED");
        try {
            RgbImage decoded = new ImageDecoder(PILLOW_BOMB_LIMIT).decode(bytes);
            assertTrue(!pillowRefuses, file + " is read, but Pillow refuses it: " + String.join(" ", row));
            assertEquals(row[3] + "x" + row[4], decoded.width() + "x" + decoded.height(), file);
            byte[] pillowPixels = resource("pillow-pixels/" + file.substring(file.indexOf('/') + 1) + ".png");
            if (pillowPixels != null) {
                // Lossy JPEG 2000: JJ2000 and OpenJPEG compute the irreversible wavelet in floating point.
                assertTrue(maxDifference(new ImageDecoder(PILLOW_BOMB_LIMIT).decode(pillowPixels).rgb(), decoded.rgb()) <= 1,
                        file + ": more than one level from Pillow's pixels");
                equal++;
                return;
            }
            assertEquals(row[5], sha256(decoded.rgb()), file + " (" + row[1] + " " + row[2] + "): RGB differs from Pillow's");
            int[] resized = preprocessor.resizedRgb(bytes);
            byte[] resizedBytes = new byte[resized.length];
            for (int i = 0; i < resized.length; i++) {
                resizedBytes[i] = (byte) resized[i];
            }
            assertEquals(row[6], sha256(resizedBytes), file + ": 224x224 pixels differ from Pillow's");
            equal++;
        } catch (ImageRejectedException refused) {
            if (!pillowRefuses) {
                assertEquals(RejectReason.UNSUPPORTED_FORMAT, refused.reason(), file + ", which Pillow reads as " + row[1]
                        + " " + row[2] + ", is refused for another reason: " + refused.getMessage());
                REFUSED_BY_US.put(file, row[1] + " " + row[2] + ": " + refused.getMessage());
            }
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("Pillow conformance: %d files with Pillow's exact pixels; refused by name where Pillow reads "
                + "them (%d):%n", equal, REFUSED_BY_US.size());
        REFUSED_BY_US.forEach((file, why) -> System.out.println("  " + file + " - " + why));
    }

    private static byte[] bytes(String file) {
        byte[] bytes = resource(file);
        assertTrue(bytes != null, file + " is missing from the test resources");
        return bytes;
    }

    private static byte[] resource(String file) {
        try (InputStream in = PillowConformanceTest.class.getResourceAsStream(FOLDER + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int maxDifference(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return max;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

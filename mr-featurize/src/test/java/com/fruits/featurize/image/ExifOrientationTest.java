package com.fruits.featurize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --orientation exif} turns every EXIF orientation (1-8, in JPEG, PNG, WebP and TIFF) upright as Pillow's
 * {@code ImageOps.exif_transpose} does ({@code conformance/expected-upright.tsv}); the default keeps the stored
 * pixels, which {@link PillowConformanceTest} checks for the same files.
 */
@Tag("unit")
class ExifOrientationTest {
    private static final PhotoReading UPRIGHT = new PhotoReading(DecodeMode.EXACT, Orientation.EXIF);

    static Stream<Arguments> expected() throws IOException {
        try (InputStream in = ExifOrientationTest.class.getResourceAsStream("/conformance/expected-upright.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .map(l -> Arguments.of((Object[]) l.split("\t"))).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void givesExifTransposesPixels(String file, String width, String height, String sha256) throws Exception {
        byte[] bytes;
        try (InputStream in = ExifOrientationTest.class.getResourceAsStream("/conformance/" + file)) {
            bytes = in.readAllBytes();
        }
        RgbImage upright = new ImageDecoder(1_000_000, UPRIGHT, 224).decode(bytes);
        assertEquals(width + "x" + height, upright.width() + "x" + upright.height(), file);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upright.rgb())), file);
        RgbImage stored = new ImageDecoder(1_000_000).decode(bytes);
        // Pillow's own TIFF reader applies the orientation; every other format is read as stored by default.
        assertEquals(file.endsWith(".tif") ? width + "x" + height : "100x60", stored.width() + "x" + stored.height(), file);
    }
}

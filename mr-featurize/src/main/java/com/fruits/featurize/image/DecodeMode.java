package com.fruits.featurize.image;

import java.util.Locale;

/**
 * How large JPEGs are decoded. {@link #EXACT} gives Pillow's {@code Image.open(..).convert("RGB")} pixels,
 * so vectors equal the original's. {@link #FAST} decodes at the smallest libjpeg scale (1/2, 1/4 or 1/8)
 * that keeps both sides at least 224 pixels, the scale Pillow's {@code draft("RGB", (224, 224))} picks, then
 * resizes the same way: several times faster on phone photos, but the vectors are no longer the exact ones.
 */
public enum DecodeMode {
    EXACT, FAST;

    /** The libjpeg scale denominator for a {@code width x height} JPEG resized to {@code target} pixels. */
    public int scale(int width, int height, int target) {
        if (this == EXACT) {
            return 1;
        }
        for (int scale = 8; scale > 1; scale /= 2) {
            if (width / target >= scale && height / target >= scale) {
                return scale;
            }
        }
        return 1;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code exact} or {@code fast}; a clear sentence for anything else. */
    public static DecodeMode of(String value) {
        return PhotoReading.option(values(), value, "--decode");
    }
}

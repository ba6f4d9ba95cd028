package com.fruits.featurize.image;

import java.util.Locale;

/**
 * Whether a photo's EXIF orientation is applied. {@link #IGNORE} reads the pixels as stored, as the original's
 * {@code Image.open} did (its vectors); {@link #EXIF} turns them upright as Pillow's
 * {@code ImageOps.exif_transpose} does, which a phone photo taken sideways needs to look like its label.
 */
public enum Orientation {
    IGNORE, EXIF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ignore} or {@code exif}; a clear sentence for anything else. */
    public static Orientation of(String value) {
        return PhotoReading.option(values(), value, "--orientation");
    }
}

package com.fruits.featurize.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * An image file's format, told from its first bytes as Pillow's {@code Image.open} tells it (never from the
 * name: an app's uploads carry whatever extension). Formats the suite reads have a reader; the others are
 * known by name so that a photo in one of them is refused as what it is, with what to do about it, and not
 * as bytes no decoder recognises.
 */
public enum ImageFormat {
    JPEG("JPEG", null),
    PNG("PNG", null),
    GIF("GIF", null),
    BMP("BMP", null),
    TIFF("TIFF", null),
    WEBP("WebP", null),
    JPEG2000("JPEG 2000", null),
    HEIC("HEIC/HEIF (iPhone)", "convert it to JPEG first (on the iPhone: Settings > Camera > Formats > Most Compatible)"),
    AVIF("AVIF", "no decoder on Maven Central reads it; convert it to JPEG, PNG or WebP first"),
    JPEG_XL("JPEG XL", "convert it to JPEG, PNG or WebP first"),
    PSD("Photoshop PSD", "export it as JPEG or PNG first"),
    ICO("Windows icon (ICO)", "not a photo; convert it to PNG first"),
    PNM("Netpbm (PBM/PGM/PPM)", "convert it to PNG first");

    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

    private final String displayName;
    private final String advice;

    ImageFormat(String displayName, String advice) {
        this.displayName = displayName;
        this.advice = advice;
    }

    /** False for the formats known only so that they are refused by name. */
    public boolean readable() {
        return advice == null;
    }

    /** What a refusal of this format says: its name and what the user can do. */
    public String refusal() {
        return displayName + ": " + advice;
    }

    public String displayName() {
        return displayName;
    }

    /** The format of {@code bytes}, or null when they start like no image format this enum knows. */
    public static ImageFormat of(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) {
            return PNG;
        }
        if (ascii(bytes, 0, 6).equals("GIF87a") || ascii(bytes, 0, 6).equals("GIF89a")) {
            return GIF;
        }
        if (ascii(bytes, 0, 2).equals("BM") && bytes.length >= 14) {
            return BMP;
        }
        if (startsWith(bytes, 0, 'I', 'I', 42, 0) || startsWith(bytes, 0, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 4).equals("WEBP")) {
            return WEBP;
        }
        if (startsWith(bytes, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(bytes, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return JPEG2000;
        }
        if (ascii(bytes, 4, 4).equals("ftyp")) {
            return isoBrand(bytes);
        }
        if (startsWith(bytes, 0, 0xFF, 0x0A) || startsWith(bytes, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return JPEG_XL;
        }
        if (ascii(bytes, 0, 4).equals("8BPS")) {
            return PSD;
        }
        if (startsWith(bytes, 0, 0, 0, 1, 0) && bytes.length > 5 && (bytes[4] != 0 || bytes[5] != 0)) {
            return ICO;
        }
        if (bytes.length > 2 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6' && Character.isWhitespace(bytes[2])) {
            return PNM;
        }
        return null;
    }

    /** ISO base media files (HEIF, AVIF) name their kind in the major brand and the compatible brands. */
    private static ImageFormat isoBrand(byte[] bytes) {
        int boxSize = bytes.length >= 4 ? ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff) : 0;
        int end = Math.min(bytes.length, Math.max(16, boxSize));
        ImageFormat found = null;
        for (int p = 8; p + 4 <= end; p += p == 8 ? 8 : 4) { // major brand, minor version, compatible brands
            String brand = ascii(bytes, p, 4);
            if (AVIF_BRANDS.contains(brand)) {
                return AVIF;
            }
            if (HEIF_BRANDS.contains(brand)) {
                found = HEIC;
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return bytes.length < offset + length ? ""
                : new String(Arrays.copyOfRange(bytes, offset, offset + length), StandardCharsets.ISO_8859_1);
    }
}

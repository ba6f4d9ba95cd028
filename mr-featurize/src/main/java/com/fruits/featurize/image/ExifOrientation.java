package com.fruits.featurize.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A photo's EXIF orientation (TwelveMonkeys' TIFF reader on the EXIF block of a JPEG, PNG, WebP or TIFF), and
 * the pixels turned upright as Pillow's {@code ImageOps.exif_transpose} turns them: a mirror, a rotation by a
 * multiple of 90 degrees or a transposition, exact (no resampling).
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /** The orientation tag (1 to 8; 1 when absent or unreadable, as Pillow's default). */
    static int of(byte[] bytes, ImageFormat format) {
        byte[] exif = switch (format) {
            case JPEG -> jpegExif(bytes);
            case PNG -> chunk(bytes, 8, "eXIf", ByteOrder.BIG_ENDIAN, 4);
            case WEBP -> chunk(bytes, 12, "EXIF", ByteOrder.LITTLE_ENDIAN, 2);
            case TIFF -> bytes;
            default -> null;
        };
        if (exif == null) {
            return 1;
        }
        if (exif.length > 6 && new String(exif, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
            exif = Arrays.copyOfRange(exif, 6, exif.length);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(exif))) {
            Directory ifd0 = new TIFFReader().read(in);
            Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
            int value = entry == null ? 1 : ((Number) entry.getValue()).intValue();
            return value >= 1 && value <= 8 ? value : 1;
        } catch (IOException | RuntimeException e) {
            return 1; // Pillow reads a damaged EXIF block as no orientation too
        }
    }

    /** The APP1 "Exif" segment's payload, or null. */
    private static byte[] jpegExif(byte[] jpeg) {
        for (int p = 2; p + 4 <= jpeg.length && (jpeg[p] & 0xff) == 0xFF; ) {
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                return null; // the scan: no APPn after it
            }
            int length = (jpeg[p + 2] & 0xff) << 8 | jpeg[p + 3] & 0xff;
            if (marker == 0xE1 && length > 8 && p + 2 + length <= jpeg.length
                    && new String(jpeg, p + 4, 4, StandardCharsets.ISO_8859_1).equals("Exif")) {
                return Arrays.copyOfRange(jpeg, p + 4, p + 2 + length);
            }
            p += 2 + length;
        }
        return null;
    }

    /** The payload of the first chunk named {@code type} (PNG and RIFF chunks), or null. */
    private static byte[] chunk(byte[] bytes, int first, String type, ByteOrder order, int pad) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(order);
        boolean png = order == ByteOrder.BIG_ENDIAN;
        for (int p = first; p + 8 <= bytes.length; ) {
            long length = png ? in.getInt(p) & 0xffffffffL : in.getInt(p + 4) & 0xffffffffL;
            String name = new String(bytes, png ? p + 4 : p, 4, StandardCharsets.ISO_8859_1);
            if (p + 8 + length > bytes.length) {
                return null;
            }
            if (name.equals(type)) {
                return Arrays.copyOfRange(bytes, p + 8, p + 8 + (int) length);
            }
            p += 8 + (int) length + (png ? 4 : (int) (length & 1));
        }
        return null;
    }

    /** The image turned upright for {@code orientation}, as {@code exif_transpose} does. */
    static RgbImage upright(RgbImage image, int orientation) {
        if (orientation <= 1) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }          // mirror left-right
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }  // rotate 180
                    case 4 -> { sx = x; sy = h - 1 - y; }          // mirror top-bottom
                    case 5 -> { sx = y; sy = x; }                  // transpose
                    case 6 -> { sx = y; sy = h - 1 - x; }          // rotate 90 clockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }  // transverse
                    default -> { sx = w - 1 - y; sy = x; }         // 8: rotate 90 counter-clockwise
                }
                System.arraycopy(in, (sy * w + sx) * 3, out, (y * outW + x) * 3, 3);
            }
        }
        return new RgbImage(outW, outH, out);
    }
}

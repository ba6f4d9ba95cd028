package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;

/**
 * The BMP layouts Pillow opens, told from the file header before javax.imageio decodes: javax.imageio reads
 * more (odd bit fields, embedded JPEG or PNG, 2 and 64 bits per pixel) and decodes run-length data
 * differently, so a BMP outside this set is refused by name rather than given pixels Pillow never gives.
 * The lists are Pillow's {@code BmpImagePlugin}'s (header sizes, depths, bit-field masks, palette size).
 */
final class BmpLayout {
    private static final Set<Integer> HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);
    private static final Set<Integer> DEPTHS = Set.of(1, 4, 8, 16, 24, 32);
    private static final int OS2_V2 = 64;
    private static final int RAW = 0;
    private static final int BITFIELDS = 3;
    private static final List<List<Integer>> MASKS_32 = List.of(
            List.of(0xFF0000, 0xFF00, 0xFF, 0), List.of(0xFF000000, 0xFF0000, 0xFF00, 0),
            List.of(0xFF000000, 0xFF00, 0xFF, 0), List.of(0xFF000000, 0xFF0000, 0xFF00, 0xFF),
            List.of(0xFF, 0xFF00, 0xFF0000, 0xFF000000), List.of(0xFF0000, 0xFF00, 0xFF, 0xFF000000),
            List.of(0xFF000000, 0xFF00, 0xFF, 0xFF0000), List.of(0, 0, 0, 0));
    private static final List<List<Integer>> MASKS_16 = List.of(List.of(0xF800, 0x7E0, 0x1F), List.of(0x7C00, 0x3E0, 0x1F));

    private BmpLayout() {
    }

    static void check(byte[] bmp) throws ImageRejectedException {
        ByteBuffer in = ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN);
        if (bmp.length < 18) {
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "BMP shorter than its header");
        }
        int headerSize = in.getInt(14);
        if (!HEADER_SIZES.contains(headerSize)) {
            throw unsupported("header type " + headerSize);
        }
        if (headerSize == OS2_V2) {
            throw unsupported("an OS/2 2.x header"); // Pillow reads it, javax.imageio does not
        }
        if (bmp.length < 14 + headerSize) {
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "BMP shorter than its header");
        }
        int bits = headerSize == 12 ? in.getShort(24) : in.getShort(28);
        int compression = headerSize == 12 ? RAW : in.getInt(30);
        if (compression == 4 || compression == 5) {
            throw unsupported(compression == 4 && bits == 24 ? "OS/2 24-bit run-length compression"
                    : compression == 4 ? "an embedded JPEG" : "an embedded PNG");
        }
        if (!DEPTHS.contains(bits)) {
            throw unsupported(bits + " bits per pixel");
        }
        if (compression == BITFIELDS) {
            int maskAt = 14 + 40;
            List<Integer> rgba = bmp.length < maskAt + 16 ? List.of()
                    : List.of(in.getInt(maskAt), in.getInt(maskAt + 4), in.getInt(maskAt + 8), headerSize >= 56 ? in.getInt(maskAt + 12) : 0);
            boolean supported = bits == 32 ? MASKS_32.contains(rgba)
                    : bits == 16 && rgba.size() == 4 && MASKS_16.contains(rgba.subList(0, 3))
                    || bits == 24 && rgba.size() == 4 && rgba.subList(0, 3).equals(List.of(0xFF0000, 0xFF00, 0xFF));
            if (!supported) {
                throw unsupported("bit-field layout " + rgba.stream().map(Integer::toHexString).toList());
            }
        } else if (compression != RAW) {
            throw unsupported(switch (compression) {
                case 1, 2 -> "run-length compression";
                default -> "compression " + compression;
            });
        }
        if (bits <= 8 && headerSize > 12) {
            long colours = in.getInt(46) & 0xffffffffL;
            if (colours > (1L << bits)) {
                throw unsupported("a palette of " + colours + " colours for " + bits + " bits per pixel");
            }
        }
    }

    private static ImageRejectedException unsupported(String what) {
        return new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, "BMP with " + what + ": convert it to PNG first");
    }
}

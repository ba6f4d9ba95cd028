package com.fruits.featurize.image;

/**
 * Checks that the compressed data of a JPEG's scans ends only at a marker that may follow a scan. Bytes
 * overwritten or inserted inside a scan almost always leave a stray marker there, which libjpeg reports
 * as "Corrupt JPEG data" and decodes around (grey blocks); javax.imageio turned that warning into a
 * rejection, and libjpeg-turbo through OpenCV does not report it, hence this walk (no decoding, ~1 ms
 * for 12 MP).
 */
final class JpegScanData {
    private JpegScanData() {
    }

    /** Why the scans of {@code bytes} are damaged, or null when every scan ends at a legitimate marker. */
    static String damage(byte[] bytes) {
        int p = 2;
        int n = bytes.length;
        while (p + 3 < n) {
            if ((bytes[p] & 0xff) != 0xFF) {
                return "no marker at byte " + p;
            }
            int marker = bytes[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xD9) {
                return null; // EOI: what follows (an MPF preview, padding) is not this image's
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2;
                continue;
            }
            int length = ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
            p += 2 + length;
            if (marker != 0xDA) {
                continue;
            }
            // Entropy-coded data: 0xFF is followed by a stuffed 0x00, a restart marker, fill, or the next marker.
            while (p + 1 < n) {
                if ((bytes[p] & 0xff) != 0xFF) {
                    p++;
                    continue;
                }
                int next = bytes[p + 1] & 0xff;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    p += 2;
                } else if (next == 0xFF) {
                    p++;
                } else if (followsScan(next)) {
                    break;
                } else {
                    return String.format("a stray marker 0xFF%02X inside the compressed data at byte %d", next, p);
                }
            }
        }
        return null; // ends without EOI: libjpeg-turbo itself refuses a truncated scan
    }

    /** EOI, and the tables, scans and segments a progressive or multi-scan JPEG has between scans. */
    private static boolean followsScan(int marker) {
        return marker == 0xD9 || marker == 0xDA || marker == 0xC4 || marker == 0xDB || marker == 0xDD
                || marker == 0xCC || marker == 0xDC || marker == 0xFE || (marker >= 0xE0 && marker <= 0xEF);
    }
}

package com.fruits.featurize.image;

/**
 * What one walk over a JPEG's markers tells before any pixel is decoded: its frame header (SOF) — the
 * size, to refuse a decompression bomb, and the layout, which says which decoder may take it — and
 * whether its scans are intact. Bytes overwritten or inserted inside a scan almost always leave a stray
 * marker there, which libjpeg reports as "Corrupt JPEG data" and decodes around (grey blocks);
 * javax.imageio turned that warning into a rejection, libjpeg-turbo through OpenCV does not report it.
 *
 * @param damage why the compressed data is damaged, or null when every scan ends at a marker that may
 *               follow a scan
 */
public record JpegHeader(int width, int height, int components, int precision, int frameMarker, String damage) {
    /** SOF0 baseline, SOF1 extended and SOF2 progressive: the Huffman-coded frames libjpeg-turbo decodes. */
    public boolean huffman() {
        return frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2;
    }

    /**
     * The header of {@code bytes}, or null when they are not a JPEG or reach a scan, the end of the image or
     * the end of the bytes before a frame header. Walks to the end of the image (~1 ms for 12 MP, no decoding).
     */
    public static JpegHeader parse(byte[] bytes) {
        if (bytes.length < 4 || (bytes[0] & 0xff) != 0xFF || (bytes[1] & 0xff) != 0xD8) {
            return null;
        }
        JpegHeader frame = null;
        int p = 2;
        int n = bytes.length;
        while (p + 3 < n) {
            if ((bytes[p] & 0xff) != 0xFF) {
                return frame == null ? null : frame.damaged("no marker at byte " + p);
            }
            int marker = bytes[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xD9) { // EOI: what follows (an MPF preview, padding) is not this image's
                return frame;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
                p += 2;
                continue;
            }
            int length = ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
            if (frame == null && marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (p + 9 >= n) {
                    return null;
                }
                frame = new JpegHeader(((bytes[p + 7] & 0xff) << 8) | (bytes[p + 8] & 0xff),
                        ((bytes[p + 5] & 0xff) << 8) | (bytes[p + 6] & 0xff), bytes[p + 9] & 0xff,
                        bytes[p + 4] & 0xff, marker, null);
            }
            if (marker == 0xDA && frame == null || length < 2) { // a scan before any frame header
                return null;
            }
            p += 2 + length;
            if (marker == 0xDA) {
                p = endOfScan(bytes, p);
                if (p < 0) {
                    return frame.damaged(String.format("a stray marker 0xFF%02X inside the compressed data at byte %d",
                            bytes[-p + 1] & 0xff, -p));
                }
            }
        }
        return frame; // ends without EOI: libjpeg-turbo itself refuses a truncated scan
    }

    /**
     * Where the entropy-coded data starting at {@code p} ends: the next marker that may follow a scan, or
     * the end; minus the position of a stray marker. Inside, 0xFF is followed by a stuffed 0x00, a restart
     * marker or fill.
     */
    private static int endOfScan(byte[] bytes, int p) {
        while (p + 1 < bytes.length) {
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
                return p;
            } else {
                return -p;
            }
        }
        return bytes.length;
    }

    /** EOI, and the tables, scans and segments a progressive or multi-scan JPEG has between scans. */
    private static boolean followsScan(int marker) {
        return marker == 0xD9 || marker == 0xDA || marker == 0xC4 || marker == 0xDB || marker == 0xDD
                || marker == 0xCC || marker == 0xDC || marker == 0xFE || (marker >= 0xE0 && marker <= 0xEF);
    }

    private JpegHeader damaged(String why) {
        return new JpegHeader(width, height, components, precision, frameMarker, why);
    }
}

package com.fruits.featurize.image;

/**
 * The frame header of a JPEG (its SOF segment), read by walking the markers before any pixel is
 * decoded: the size to refuse a decompression bomb and the layout that says which decoder may take it.
 */
public record JpegHeader(int width, int height, int components, int precision, int frameMarker) {
    /** SOF0 baseline, SOF1 extended and SOF2 progressive: the Huffman-coded frames libjpeg-turbo decodes. */
    public boolean huffman() {
        return frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2;
    }

    /** The header of {@code bytes}, or null when they are not a JPEG or end before a frame header. */
    public static JpegHeader parse(byte[] bytes) {
        if (bytes.length < 4 || (bytes[0] & 0xff) != 0xFF || (bytes[1] & 0xff) != 0xD8) {
            return null;
        }
        int p = 2;
        while (p + 3 < bytes.length) {
            if ((bytes[p] & 0xff) != 0xFF) {
                return null;
            }
            int marker = bytes[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
                p += 2;
                continue;
            }
            int length = ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                if (p + 9 >= bytes.length) {
                    return null;
                }
                return new JpegHeader(((bytes[p + 7] & 0xff) << 8) | (bytes[p + 8] & 0xff),
                        ((bytes[p + 5] & 0xff) << 8) | (bytes[p + 6] & 0xff), bytes[p + 9] & 0xff,
                        bytes[p + 4] & 0xff, marker);
            }
            if (marker == 0xDA || marker == 0xD9 || length < 2) { // scan or end before any frame header
                return null;
            }
            p += 2 + length;
        }
        return null;
    }
}

package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What a WebP file's RIFF chunks say before decoding: its canvas size (to refuse a bomb before any pixel is
 * decoded) and whether it holds lossy (VP8) data, which only libwebp decodes to Pillow's pixels.
 *
 * @param lossy true when a frame is VP8 (lossy) rather than VP8L (lossless)
 */
record WebpChunks(int width, int height, boolean lossy) {

    static WebpChunks parse(byte[] webp) throws ImageRejectedException {
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        int width = -1;
        int height = -1;
        boolean lossy = false;
        int end = (int) Math.min(webp.length, 8 + (in.getInt(4) & 0xffffffffL));
        for (int p = 12; p + 8 <= end; ) {
            String type = new String(webp, p, 4, StandardCharsets.ISO_8859_1);
            long size = in.getInt(p + 4) & 0xffffffffL;
            int data = p + 8;
            if (data + size > webp.length) {
                throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "WebP truncated inside its " + type + " chunk");
            }
            switch (type) {
                case "VP8X" -> {
                    width = 1 + uint24(in, data + 4);
                    height = 1 + uint24(in, data + 7);
                }
                case "VP8 " -> {
                    lossy = true;
                    if (width < 0 && size >= 10) {
                        width = in.getShort(data + 6) & 0x3fff;
                        height = in.getShort(data + 8) & 0x3fff;
                    }
                }
                case "VP8L" -> {
                    if (width < 0 && size >= 5) {
                        int bits = in.getInt(data + 1);
                        width = 1 + (bits & 0x3fff);
                        height = 1 + (bits >>> 14 & 0x3fff);
                    }
                }
                // An animation frame: 16 bytes of placement, then the frame's own VP8 or VP8L chunk.
                case "ANMF" -> lossy |= size > 24 && new String(webp, data + 16, 4, StandardCharsets.ISO_8859_1).equals("VP8 ");
                default -> { }
            }
            p = (int) (data + size + (size & 1));
        }
        if (width < 0) {
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "WebP without an image chunk");
        }
        return new WebpChunks(width, height, lossy);
    }

    private static int uint24(ByteBuffer in, int at) {
        return (in.get(at) & 0xff) | (in.get(at + 1) & 0xff) << 8 | (in.get(at + 2) & 0xff) << 16;
    }
}

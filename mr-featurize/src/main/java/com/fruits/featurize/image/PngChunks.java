package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The checks Pillow makes on a PNG's chunks and javax.imageio's reader does not: the checksum of every chunk
 * before the image data (Pillow refuses a "broken PNG file"), image data cut short ("image file is
 * truncated"), and compressed text or colour profiles that inflate past Pillow's {@code MAX_TEXT_CHUNK}
 * (1 MiB): a decompression bomb hidden in metadata.
 */
final class PngChunks {
    /** Pillow's {@code PngImagePlugin.MAX_TEXT_CHUNK} ({@code ImageFile.SAFEBLOCK}). */
    static final int MAX_TEXT_CHUNK = 1 << 20;

    private PngChunks() {
    }

    /**
     * Refuses what Pillow refuses; returns true when the image is grey or RGB with a transparent colour
     * ({@code tRNS}), which javax.imageio hands over as an alpha band but Pillow opens without one.
     */
    static boolean check(byte[] png) throws ImageRejectedException {
        ByteBuffer in = ByteBuffer.wrap(png);
        boolean imageData = false;
        boolean keyed = false;
        for (int p = 8; p + 8 <= png.length; ) {
            long length = in.getInt(p) & 0xffffffffL;
            String type = new String(png, p + 4, 4, StandardCharsets.ISO_8859_1);
            long end = p + 12 + length;
            imageData |= type.equals("IDAT");
            if (end > png.length) {
                if (imageData && !type.equals("IDAT")) {
                    return keyed; // an ancillary chunk cut after the image data: Pillow stops reading there too
                }
                throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "PNG truncated inside its " + type + " chunk");
            }
            if (!imageData) {
                CRC32 crc = new CRC32();
                crc.update(png, p + 4, (int) length + 4);
                if ((int) crc.getValue() != in.getInt((int) end - 4)) {
                    throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "PNG chunk " + type + " fails its checksum");
                }
            }
            int data = p + 8;
            switch (type) {
                case "zTXt", "iCCP" -> inflateBounded(png, afterNul(png, data, (int) length) + 2, data + (int) length, type);
                case "iTXt" -> {
                    // keyword NUL, compressed flag, method, language NUL, translated keyword NUL, text
                    int last = data + (int) length;
                    int keyword = afterNul(png, data, (int) length);
                    if (keyword + 2 < last && png[keyword + 1] != 0) {
                        int language = afterNul(png, keyword + 3, last - keyword - 3);
                        int translated = afterNul(png, language + 1, last - language - 1);
                        inflateBounded(png, translated + 1, last, type);
                    }
                }
                case "tRNS" -> keyed = (png[25] & 4) == 0 && (png[25] & 1) == 0; // colour type 0 or 2
                case "IEND" -> {
                    return keyed;
                }
                default -> { }
            }
            p = (int) end;
        }
        if (!imageData) {
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "PNG ends before its image data");
        }
        return keyed;
    }

    /** The index of the first NUL from {@code from} within {@code length} bytes (a keyword's end), or the limit. */
    private static int afterNul(byte[] b, int from, int length) {
        int limit = Math.min(b.length, from + Math.max(0, length));
        int i = from;
        while (i < limit && b[i] != 0) {
            i++;
        }
        return i;
    }

    private static void inflateBounded(byte[] b, int from, int to, String type) throws ImageRejectedException {
        if (from >= to) {
            return;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, from, to - from);
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                total += inflater.inflate(sink);
                if (total > MAX_TEXT_CHUNK) {
                    throw new ImageRejectedException(RejectReason.DECOMPRESSION_BOMB,
                            "PNG " + type + " chunk inflates past " + MAX_TEXT_CHUNK + " bytes");
                }
            }
        } catch (DataFormatException e) {
            // Pillow skips a text chunk it cannot inflate; so do we.
        } finally {
            inflater.end();
        }
    }
}

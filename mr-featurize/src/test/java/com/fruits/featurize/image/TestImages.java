package com.fruits.featurize.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG variants that app photos come in and the Fruits-360 images do not, built byte by byte for tests. */
public final class TestImages {
    private TestImages() {
    }

    /**
     * A 64x64 CMYK JPEG as Photoshop writes it (Adobe APP14 marker, inverted values): a red square of
     * magenta + yellow ink in the middle of white paper.
     */
    public static byte[] cmykJpeg() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 64, 4, null);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean red = x >= 16 && x < 48 && y >= 16 && y < 48;
                cmyk.setPixel(x, y, red ? new int[] {255, 0, 0, 255} : new int[] {255, 255, 255, 255}); // 0 = full ink
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        // The JDK writes the four channels as they are but no Adobe marker; Photoshop's files carry one.
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}; // version 100, transform 0: CMYK
        return withSegment(bytes.toByteArray(), 0xEE, adobe);
    }

    /** The JPEG with an EXIF APP1 segment whose only tag is Orientation (0x0112). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(32); // "Exif\0\0", big-endian TIFF header, one-entry IFD0
        exif.put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1))
                .put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        return withSegment(jpeg, 0xE1, exif.array());
    }

    /** The same JPEG with its frame header (SOF0) claiming another size: a decompression bomb's header. */
    public static byte[] withDeclaredSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; i++) {
            if ((out[i] & 0xff) == 0xFF && ((out[i + 1] & 0xff) == 0xC0 || (out[i + 1] & 0xff) == 0xC2)) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalArgumentException("no SOF0 marker");
    }

    /** A 64x48 greyscale (one-component) JPEG with a gradient, as the JDK writes it. */
    public static byte[] greyJpeg() throws IOException {
        BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 4 + y * 2) & 0xff);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(grey, "jpeg", bytes);
        return bytes.toByteArray();
    }

    /** The JPEG with one more APPn segment right after its SOI marker. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        return ByteBuffer.allocate(jpeg.length + 4 + payload.length).put(jpeg, 0, 2)
                .put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload)
                .put(jpeg, 2, jpeg.length - 2).array();
    }
}

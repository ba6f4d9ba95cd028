package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import javax.imageio.plugins.tiff.TIFFField;

/**
 * A decoded image's pixels as {@code PIL.Image.open(f).convert("RGB")} gives them, from the samples the
 * decoder stored rather than from java.awt's colour management: Pillow ignores gamma and colour profiles
 * of RGB and grey images, where {@link BufferedImage#getRGB} pushes a grey or 16-bit image through a
 * linear-to-sRGB curve and scales instead of truncating. The rules, each checked against Pillow on
 * PngSuite and the BMP suite ({@code PillowConformanceTest}):
 * <ul>
 * <li>palette ("P", also 1/2/4-bit grey, which decoders hand over as a palette): the palette's colour,
 *     transparency ignored;</li>
 * <li>grey ("L", "LA", with or without a transparent colour): the grey level in R, G and B, alpha dropped;
 *     16-bit grey alone is Pillow's "I;16", which {@code convert("RGB")} clips at 255;</li>
 * <li>RGB and RGBA: the channels, alpha dropped; 16-bit samples keep their high byte, as Pillow's
 *     "RGB;16B" unpacker does;</li>
 * <li>packed channels narrower than 8 bits (BMP's 5-5-5 and 5-6-5): scaled to 0-255 and truncated, as
 *     Pillow's BMP unpackers do;</li>
 * <li>anything else (CMYK and YCCK JPEGs, ICC-managed colour spaces): java.awt's conversion, which for
 *     CMYK gives Pillow's bytes.</li>
 * </ul>
 */
final class PillowRgb {
    private PillowRgb() {
    }

    /** {@code keyed}: an alpha band that only marks a transparent colour (PNG {@code tRNS}), absent in Pillow. */
    static RgbImage of(BufferedImage image, boolean keyed) throws ImageRejectedException {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        try {
            if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getDataBuffer() instanceof DataBufferByte bgr
                    && bgr.getNumBanks() == 1 && raster.getParent() == null) {
                fromBgr(bgr.getData(), rgb);
            } else if (model instanceof IndexColorModel palette) {
                fromPalette(raster, palette, rgb);
            } else if (model instanceof DirectColorModel packed && packed.getColorSpace().isCS_sRGB()) {
                fromPacked(raster, packed, rgb);
            } else if (storesSamples(model)) {
                fromSamples(raster, model.getNumColorComponents(), keyed, rgb);
            } else {
                fromColourModel(image, rgb);
            }
        } catch (RuntimeException e) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_IMAGE, image.getColorModel().toString());
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * The image with its TIFF colour map (16-bit entries) narrowed as Pillow narrows it, to the high byte;
     * javax.imageio scales it to 8 bits with rounding, one level off for most entries.
     */
    static BufferedImage withColourMap(BufferedImage image, TIFFField colourMap) {
        if (colourMap == null) {
            return image;
        }
        int size = colourMap.getCount() / 3;
        byte[][] channels = new byte[3][size];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < size; i++) {
                channels[c][i] = (byte) (colourMap.getAsInt(c * size + i) >>> 8);
            }
        }
        IndexColorModel model = new IndexColorModel(image.getColorModel().getPixelSize(), size,
                channels[0], channels[1], channels[2]);
        return new BufferedImage(model, image.getRaster(), false, null);
    }

    /** Grey or RGB samples of unsigned integers, which Pillow reads as they are (no colour management). */
    private static boolean storesSamples(ColorModel model) {
        int type = model.getColorSpace().getType();
        int transfer = model.getTransferType();
        return (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB)
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT);
    }

    /** The common layout of decoded RGB photos, read straight from its array. */
    private static void fromBgr(byte[] bgr, byte[] rgb) {
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
    }

    private static void fromPalette(Raster raster, IndexColorModel palette, byte[] rgb) {
        int size = palette.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        palette.getReds(r);
        palette.getGreens(g);
        palette.getBlues(b);
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                // An index past the palette's end is black in Pillow's (zero-filled) palette.
                int i = row[x];
                if (i < size) {
                    rgb[o] = r[i];
                    rgb[o + 1] = g[i];
                    rgb[o + 2] = b[i];
                }
            }
        }
    }

    private static void fromSamples(Raster raster, int colours, boolean keyed, byte[] rgb) {
        SampleModel samples = raster.getSampleModel();
        int bits = samples.getSampleSize(0);
        boolean clip = colours == 1 && (samples.getNumBands() == 1 || keyed) && bits > 8;
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int band = colours == 1 ? 0 : c;
            for (int y = 0; y < raster.getHeight(); y++) {
                raster.getSamples(0, y, w, 1, band, row);
                for (int x = 0, o = y * w * 3 + c; x < w; x++, o += 3) {
                    int v = row[x];
                    rgb[o] = (byte) (bits <= 8 ? v : clip ? Math.min(v, 255) : v >>> (bits - 8));
                }
            }
        }
    }

    private static void fromPacked(Raster raster, DirectColorModel packed, byte[] rgb) {
        int[] masks = {packed.getRedMask(), packed.getGreenMask(), packed.getBlueMask()};
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int bits = Integer.bitCount(masks[c]);
            for (int y = 0; y < raster.getHeight(); y++) {
                raster.getSamples(0, y, w, 1, c, row);
                for (int x = 0, o = y * w * 3 + c; x < w; x++, o += 3) {
                    rgb[o] = (byte) widen(row[x], bits);
                }
            }
        }
    }

    /** A {@code bits}-wide channel to 8 bits as Pillow's BMP unpackers scale it: {@code v * 255 / max}, truncated. */
    static int widen(int v, int bits) {
        return bits >= 8 ? v >>> (bits - 8) : v * 255 / ((1 << bits) - 1);
    }

    private static void fromColourModel(BufferedImage image, byte[] rgb) {
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                rgb[o] = (byte) (row[x] >> 16);
                rgb[o + 1] = (byte) (row[x] >> 8);
                rgb[o + 2] = (byte) row[x];
            }
        }
    }
}

package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image bytes to 8-bit RGB like {@code PIL.Image.open(bytes).convert("RGB")}: libjpeg-turbo for
 * 8-bit grey and YCbCr JPEGs (Pillow's own decoder, hence its bytes), javax.imageio with the TwelveMonkeys
 * plugins for every other JPEG and format (its IJG code gives the same bytes, slower). Refuses
 * decompression bombs from the header, before any pixel is decoded.
 */
public final class ImageDecoder {
    private final long maxPixels;
    private final DecodeMode mode;
    private final int target;

    public ImageDecoder(long maxPixels) {
        this(maxPixels, DecodeMode.EXACT, 0);
    }

    /** In {@link DecodeMode#FAST}, large JPEGs decode at a reduced scale that keeps both sides >= {@code target}. */
    public ImageDecoder(long maxPixels, DecodeMode mode, int target) {
        this.maxPixels = maxPixels;
        this.mode = mode;
        this.target = target;
    }

    /**
     * Loads libjpeg-turbo's natives on a daemon thread (about a second: OpenCV and OpenBLAS), so that it
     * overlaps the inference engine's load instead of delaying the first image.
     */
    public static void loadNativesInBackground() {
        Thread loader = new Thread(LibjpegTurbo::available, "libjpeg-turbo-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public RgbImage decode(byte[] bytes) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY_FILE, null);
        }
        JpegHeader jpeg = JpegHeader.parse(bytes);
        if (jpeg != null && LibjpegTurbo.takes(jpeg)) {
            checkPixels(jpeg.width(), jpeg.height());
            if (jpeg.damage() != null) {
                throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "Corrupt JPEG data: " + jpeg.damage());
            }
            RgbImage image = LibjpegTurbo.decode(bytes, mode.scale(jpeg.width(), jpeg.height(), target));
            if (image == null) {
                // Pillow refuses these too ("image file is truncated", "broken data stream").
                throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "libjpeg-turbo: truncated or damaged JPEG data");
            }
            return image;
        }
        return decodeWithImageIo(bytes);
    }

    private void checkPixels(int width, int height) throws ImageRejectedException {
        if ((long) width * height > maxPixels) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    width + "x" + height + " > " + maxPixels + " pixels");
        }
    }

    /** javax.imageio and TwelveMonkeys: what libjpeg-turbo does not take (or all of it, without its natives). */
    RgbImage decodeWithImageIo(byte[] bytes) throws ImageRejectedException {
        // A memory cache, not ImageIO's default temporary file per image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(reader.getWidth(0), reader.getHeight(0));
                // Pillow refuses truncated files by default; imageio only warns and pads with grey.
                // Colour-profile notes (a CMYK JPEG without an ICC profile) are not damage.
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    if (!warning.contains("ICC")) {
                        warnings.add(warning);
                    }
                });
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, warnings.get(0));
                }
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Decoders signal bad data with IOException or, for some corrupt streams, runtime errors.
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, String.valueOf(e.getMessage()));
        }
    }

    static RgbImage toRgb(BufferedImage image) throws ImageRejectedException {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        Raster raster = image.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer
                && raster.getSampleModel() instanceof ComponentSampleModel model
                && image.getColorModel().getPixelSize() == 8 * model.getNumBands()
                && (model.getNumBands() == 1 || image.getType() == BufferedImage.TYPE_3BYTE_BGR)) {
            // The common cases read straight from the raster: grey is replicated as Pillow's
            // convert("RGB") does (getRGB would apply a linear-to-sRGB gamma to it).
            byte[] data = buffer.getData();
            int bands = model.getNumBands();
            int[] offsets = model.getBandOffsets();
            int pixelStride = model.getPixelStride();
            int scanline = model.getScanlineStride();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * scanline + x * pixelStride;
                    int o = (y * w + x) * 3;
                    if (bands == 1) {
                        byte g = data[p + offsets[0]];
                        rgb[o] = g;
                        rgb[o + 1] = g;
                        rgb[o + 2] = g;
                    } else {
                        rgb[o] = data[p + offsets[0]];
                        rgb[o + 1] = data[p + offsets[1]];
                        rgb[o + 2] = data[p + offsets[2]];
                    }
                }
            }
            return new RgbImage(w, h, rgb);
        }
        try {
            // Palette, alpha, CMYK, 16-bit: the colour model converts; alpha is dropped like Pillow's.
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y);
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) (argb >> 16);
                    rgb[o + 1] = (byte) (argb >> 8);
                    rgb[o + 2] = (byte) argb;
                }
            }
        } catch (RuntimeException e) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_IMAGE, image.toString());
        }
        return new RgbImage(w, h, rgb);
    }
}

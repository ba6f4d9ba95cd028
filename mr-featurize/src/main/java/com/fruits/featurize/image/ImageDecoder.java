package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
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
    private final Orientation orientation;
    private final int target;

    public ImageDecoder(long maxPixels) {
        this(maxPixels, PhotoReading.ORIGINAL, 0);
    }

    /**
     * In {@link DecodeMode#FAST}, large JPEGs decode at a reduced scale that keeps both sides >= {@code target};
     * with {@link Orientation#EXIF}, photos are turned upright.
     */
    public ImageDecoder(long maxPixels, PhotoReading reading, int target) {
        this.maxPixels = maxPixels;
        this.mode = reading.decode();
        this.orientation = reading.orientation();
        this.target = target;
    }

    /**
     * Loads libjpeg-turbo's natives on a daemon thread (about a second: OpenCV and OpenBLAS), so that it
     * overlaps the inference engine's load instead of delaying the first image.
     */
    public static void loadNativesInBackground() {
        Thread loader = new Thread(OpenCvCodecs::available, "libjpeg-turbo-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public RgbImage decode(byte[] bytes) throws ImageRejectedException {
        ImageFormat format = ImageFormat.of(bytes);
        RgbImage image = decodeAsStored(bytes, format);
        // Pillow's TIFF reader turns a TIFF upright itself (TiffImageFile.load_end): always, as Pillow does.
        return orientation == Orientation.EXIF || format == ImageFormat.TIFF
                ? ExifOrientation.upright(image, ExifOrientation.of(bytes, format)) : image;
    }

    private RgbImage decodeAsStored(byte[] bytes, ImageFormat format) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY_FILE, null);
        }
        if (format == null) {
            throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, null);
        }
        if (!format.readable()) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, format.refusal());
        }
        boolean keyed = false;
        switch (format) {
            case JPEG -> {
                JpegHeader jpeg = JpegHeader.parse(bytes);
                if (jpeg != null && OpenCvCodecs.takes(jpeg)) {
                    return decodeWithLibjpegTurbo(bytes, jpeg);
                }
            }
            case WEBP -> {
                RgbImage image = decodeWebp(bytes);
                if (image != null) {
                    return image;
                }
            }
            case PNG -> keyed = PngChunks.check(bytes);
            case BMP -> BmpLayout.check(bytes);
            default -> { }
        }
        return decodeWithImageIo(bytes, keyed);
    }

    /** libwebp's pixels, null for a lossless animation it leaves to TwelveMonkeys (whose lossless pixels are exact). */
    private RgbImage decodeWebp(byte[] bytes) throws ImageRejectedException {
        WebpChunks webp = WebpChunks.parse(bytes);
        checkPixels(webp.width(), webp.height());
        RgbImage image = OpenCvCodecs.available() ? OpenCvCodecs.decode(bytes, 1) : null;
        if (image == null && webp.lossy()) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, OpenCvCodecs.available()
                    ? "an animated lossy WebP: libwebp reads only single images here; convert it to JPEG first"
                    : "a lossy WebP needs libwebp (OpenCV's natives), not loaded on this platform");
        }
        return image;
    }

    private RgbImage decodeWithLibjpegTurbo(byte[] bytes, JpegHeader jpeg) throws ImageRejectedException {
        checkPixels(jpeg.width(), jpeg.height());
        if (jpeg.damage() != null) {
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "Corrupt JPEG data: " + jpeg.damage());
        }
        RgbImage image = OpenCvCodecs.decode(bytes, mode.scale(jpeg.width(), jpeg.height(), target));
        if (image == null) {
            // Pillow refuses these too ("image file is truncated", "broken data stream").
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, "libjpeg-turbo: truncated or damaged JPEG data");
        }
        return image;
    }

    private void checkPixels(int width, int height) throws ImageRejectedException {
        if ((long) width * height > maxPixels) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS,
                    width + "x" + height + " > " + maxPixels + " pixels");
        }
    }

    /** javax.imageio and TwelveMonkeys: what libjpeg-turbo does not take (or all of it, without its natives). */
    RgbImage decodeWithImageIo(byte[] bytes) throws ImageRejectedException {
        return decodeWithImageIo(bytes, false);
    }

    /** {@code keyed}: the alpha band javax.imageio adds holds a transparent colour key, not a stored channel. */
    private RgbImage decodeWithImageIo(byte[] bytes, boolean keyed) throws ImageRejectedException {
        // A memory cache, not ImageIO's default temporary file per image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = preferred(readers);
            if (reader == null) {
                throw new ImageRejectedException(RejectReason.NOT_AN_IMAGE, null);
            }
            try {
                // TIFF's colour map is metadata; the other formats' metadata is not needed.
                boolean tiff = reader.getFormatName().equalsIgnoreCase("tif");
                reader.setInput(in, true, !tiff);
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
                if (tiff && image.getColorModel() instanceof IndexColorModel) {
                    image = PillowRgb.withColourMap(image, TIFFDirectory.createFromMetadata(reader.getImageMetadata(0))
                            .getTIFFField(BaselineTIFFTagSet.TAG_COLOR_MAP));
                }
                return PillowRgb.of(image, keyed);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Decoders signal bad data with IOException or, for some corrupt streams, runtime errors.
            throw new ImageRejectedException(RejectReason.CORRUPT_IMAGE, String.valueOf(e.getMessage()));
        }
    }

    /**
     * The JDK's or TwelveMonkeys' reader where one takes the format: jai-imageio, there for JPEG 2000, also
     * registers BMP, TIFF and other readers, which the registry may list first (its BMP reader fails on
     * some valid headers).
     */
    private static ImageReader preferred(Iterator<ImageReader> readers) {
        ImageReader fallback = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (!reader.getClass().getName().startsWith("com.github.jaiimageio")) {
                return reader;
            }
            fallback = fallback == null ? reader : fallback;
        }
        return fallback;
    }

    static RgbImage toRgb(BufferedImage image) throws ImageRejectedException {
        return PillowRgb.of(image, false);
    }
}

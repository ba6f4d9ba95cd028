package com.fruits.featurize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG and WebP decoding with the libraries Pillow itself links, as bundled in OpenCV's imgcodecs from Maven
 * Central (natives for linux x86_64 and arm64 in the job jar). libjpeg-turbo's default settings (islow IDCT,
 * fancy upsampling) give libjpeg 6b's bytes, which are Pillow's: the same pixels as javax.imageio, 2-4x
 * faster on photos; a reduced scale uses libjpeg's scaled IDCT, as Pillow's {@code Image.draft} does.
 * libwebp gives lossy WebP Pillow's pixels, where a Java VP8 decoder differs by up to 38 levels.
 */
final class OpenCvCodecs {
    private static final Logger LOG = LoggerFactory.getLogger(OpenCvCodecs.class);
    /** Null when the natives loaded; otherwise why not (then javax.imageio decodes what it can). */
    private static final String UNAVAILABLE = load();

    private OpenCvCodecs() {
    }

    private static String load() {
        if (Boolean.getBoolean("fruits.decoder.imageio")) {
            return "-Dfruits.decoder.imageio=true";
        }
        try {
            Loader.load(opencv_imgcodecs.class);
            // One decode per task thread: no OpenCV worker pool beside the inference engine's threads.
            opencv_core.setNumThreads(1);
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError on a platform without natives, or a failed extraction
            LOG.warn("libjpeg-turbo (OpenCV natives) not loaded, JPEG decoding falls back to javax.imageio: {}",
                    e.toString());
            return e.toString();
        }
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Whether libjpeg-turbo decodes a JPEG with this header to Pillow's bytes (else javax.imageio does). */
    static boolean takes(JpegHeader header) {
        // CMYK/YCCK (4 components) are converted to RGB differently by every library: TwelveMonkeys keeps that.
        return available() && header.huffman() && header.precision() == 8
                && (header.components() == 1 || header.components() == 3);
    }

    /**
     * Decodes to interleaved RGB at 1/{@code scale} (1, 2, 4 or 8; JPEG only) of the size, ignoring EXIF
     * orientation as Pillow's {@code Image.open} does, alpha dropped as {@code convert("RGB")} does; null when
     * the codec refuses the data (truncated, damaged, an animation libwebp's simple API does not take).
     */
    static RgbImage decode(byte[] bytes, int scale) {
        Mat buffer = new Mat(1, bytes.length, CV_8UC1);
        Mat image = null;
        try {
            buffer.data().put(bytes);
            image = imdecode(buffer, flags(scale) | IMREAD_IGNORE_ORIENTATION);
            if (image == null || image.empty() || image.channels() != 3) {
                return null;
            }
            byte[] rgb = new byte[Math.toIntExact(image.total() * 3)];
            image.data().get(rgb);
            return new RgbImage(image.cols(), image.rows(), rgb);
        } catch (RuntimeException e) { // a cv::Exception from the codec: about the data, not the caller
            return null;
        } finally {
            buffer.close();
            if (image != null) {
                image.close();
            }
        }
    }

    private static int flags(int scale) {
        return switch (scale) {
            case 1 -> IMREAD_COLOR_RGB;
            // IMREAD_REDUCED_COLOR_n is BGR: its scale bit (the GRAYSCALE_n value) goes with the RGB flag instead.
            case 2 -> IMREAD_REDUCED_GRAYSCALE_2 | IMREAD_COLOR_RGB;
            case 4 -> IMREAD_REDUCED_GRAYSCALE_4 | IMREAD_COLOR_RGB;
            case 8 -> IMREAD_REDUCED_GRAYSCALE_8 | IMREAD_COLOR_RGB;
            default -> throw new IllegalArgumentException("libjpeg scales by 1, 2, 4 or 8, not " + scale);
        };
    }
}

package com.fruits.featurize.image;

/**
 * Image bytes to MobileNetV2 input, as the original did it: Pillow decode, Pillow bicubic resize to
 * 224x224, then Keras {@code mobilenet_v2.preprocess_input} ({@code x / 127.5 - 1} in float32).
 * Not thread-safe: it reuses its buffers and caches the resizer of the last input size.
 */
public final class MobileNetPreprocessor {
    public static final int SIZE = 224;
    public static final int CHANNELS = 3;
    public static final int VALUES = SIZE * SIZE * CHANNELS;

    /** Keras does x /= 127.5; x -= 1 on a float32 array: two float32 roundings, kept here for each 8-bit value. */
    private static final float[] SCALED = new float[256];

    static {
        for (int v = 0; v < SCALED.length; v++) {
            SCALED[v] = v / 127.5f - 1f;
        }
    }

    private final ImageDecoder decoder;
    private PillowBicubicResizer resizer;

    public MobileNetPreprocessor(long maxPixels) {
        this(maxPixels, PhotoReading.ORIGINAL);
    }

    public MobileNetPreprocessor(long maxPixels, PhotoReading reading) {
        this.decoder = new ImageDecoder(maxPixels, reading, SIZE);
    }

    /** Decodes and resizes {@code bytes} to 224x224 RGB values 0..255. */
    public int[] resizedRgb(byte[] bytes) throws ImageRejectedException {
        RgbImage image = decoder.decode(bytes);
        int[] resized = new int[VALUES];
        resizer(image).resize(image.rgb(), resized);
        return resized;
    }

    /** Writes the model input for {@code bytes} into {@code out[offset .. offset + VALUES)}. */
    public void preprocess(byte[] bytes, float[] out, int offset) throws ImageRejectedException {
        RgbImage image = decoder.decode(bytes);
        int stride = SIZE * CHANNELS;
        // Scaled row by row as the resizer hands them over, while they are in cache.
        resizer(image).resize(image.rgb(), (y, row) -> {
            for (int i = 0, o = offset + y * stride; i < stride; i++, o++) {
                out[o] = SCALED[row[i]];
            }
        });
    }

    private PillowBicubicResizer resizer(RgbImage image) {
        if (resizer == null || resizer.inWidth() != image.width() || resizer.inHeight() != image.height()) {
            resizer = new PillowBicubicResizer(image.width(), image.height(), SIZE, SIZE);
        }
        return resizer;
    }
}

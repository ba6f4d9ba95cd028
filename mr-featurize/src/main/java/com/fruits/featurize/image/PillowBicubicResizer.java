package com.fruits.featurize.image;

/**
 * Resizes 8-bit RGB pixels exactly as Pillow's {@code Image.resize(size)} does with its default
 * bicubic filter, so that vectors match the original Python pipeline byte for byte.
 * A port of Pillow's {@code Resample.c}: separable passes (horizontal, then vertical), fixed-point
 * coefficients with 22 fractional bits, and rounding to 8 bits between the passes.
 */
public final class PillowBicubicResizer {
    /** Pillow's PRECISION_BITS: 32 bits minus 8 for the pixel and 2 for the sign and overflow. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    /** Pillow's bicubic filter has support 2 (a = -0.5, the Catmull-Rom-like Keys kernel). */
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private final int inWidth;
    private final int inHeight;
    private final int outWidth;
    private final int outHeight;
    private final Coefficients horizontal;
    private final Coefficients vertical;

    /** Precomputes the coefficients for one input size; reuse it for every image of that size. */
    public PillowBicubicResizer(int inWidth, int inHeight, int outWidth, int outHeight) {
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.horizontal = new Coefficients(inWidth, outWidth);
        this.vertical = new Coefficients(inHeight, outHeight);
    }

    public int inWidth() {
        return inWidth;
    }

    public int inHeight() {
        return inHeight;
    }

    /**
     * Resizes interleaved RGB bytes ({@code inWidth * inHeight * 3}) into {@code out}
     * ({@code outWidth * outHeight * 3}).
     */
    public void resize(byte[] rgb, byte[] out) {
        // Like Pillow, skip a pass whose size does not change.
        byte[] afterHorizontal = inWidth == outWidth ? rgb : new byte[inHeight * outWidth * 3];
        if (inWidth != outWidth) {
            for (int y = 0; y < inHeight; y++) {
                int rowIn = y * inWidth * 3;
                int rowOut = y * outWidth * 3;
                for (int x = 0; x < outWidth; x++) {
                    int min = horizontal.bounds[2 * x];
                    int count = horizontal.bounds[2 * x + 1];
                    int k = x * horizontal.kernelSize;
                    int s0 = 1 << (PRECISION_BITS - 1);
                    int s1 = s0;
                    int s2 = s0;
                    for (int i = 0; i < count; i++) {
                        int p = rowIn + (min + i) * 3;
                        int c = horizontal.fixed[k + i];
                        s0 += (rgb[p] & 0xff) * c;
                        s1 += (rgb[p + 1] & 0xff) * c;
                        s2 += (rgb[p + 2] & 0xff) * c;
                    }
                    int o = rowOut + x * 3;
                    afterHorizontal[o] = clip8(s0);
                    afterHorizontal[o + 1] = clip8(s1);
                    afterHorizontal[o + 2] = clip8(s2);
                }
            }
        }
        if (inHeight == outHeight) {
            System.arraycopy(afterHorizontal, 0, out, 0, outWidth * outHeight * 3);
            return;
        }
        int stride = outWidth * 3;
        int[] sums = new int[stride];
        for (int y = 0; y < outHeight; y++) {
            int min = vertical.bounds[2 * y];
            int count = vertical.bounds[2 * y + 1];
            int k = y * vertical.kernelSize;
            java.util.Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
            // Row by row rather than Pillow's column by column: the same integer sums, in an order
            // that reads memory contiguously (and that the JIT vectorises).
            for (int i = 0; i < count; i++) {
                int c = vertical.fixed[k + i];
                int row = (min + i) * stride;
                for (int x = 0; x < stride; x++) {
                    sums[x] += (afterHorizontal[row + x] & 0xff) * c;
                }
            }
            int rowOut = y * stride;
            for (int x = 0; x < stride; x++) {
                out[rowOut + x] = clip8(sums[x]);
            }
        }
    }

    private static byte clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }

    static double bicubic(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0.0;
    }

    /** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
    private static final class Coefficients {
        final int kernelSize;
        final int[] bounds;
        final int[] fixed;

        Coefficients(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            kernelSize = (int) Math.ceil(support) * 2 + 1;
            bounds = new int[outSize * 2];
            fixed = new int[outSize * kernelSize];
            double[] k = new double[kernelSize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubic((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double w = ww != 0.0 ? k[x] / ww : k[x];
                    // Pillow rounds half away from zero when it converts to fixed point.
                    fixed[xx * kernelSize + x] = w < 0
                            ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                            : (int) (0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
        }
    }
}

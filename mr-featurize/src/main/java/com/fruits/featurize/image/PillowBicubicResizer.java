package com.fruits.featurize.image;

/**
 * Resizes 8-bit RGB pixels exactly as Pillow's {@code Image.resize(size)} does with its default
 * bicubic filter, so that vectors match the original Python pipeline byte for byte.
 * A port of Pillow's {@code Resample.c}: separable passes (horizontal, then vertical), fixed-point
 * coefficients with 22 fractional bits, and rounding to 8 bits between the passes.
 *
 * <p>Both passes are computed as weighted sums of whole lines (image rows for the vertical pass, image
 * columns of a block of rows for the horizontal one): the same integer sums as Pillow's pixel-by-pixel
 * loops, in loops the JIT turns into SIMD. The JIT only does so when it can see that the line written is
 * not one of the lines read, hence each pass writes into an array it allocates itself.
 * Measured on 100x100 -> 224x224 (JDK 17): 0.3 ms against 1.1-1.4 ms for Pillow's loop order.
 */
public final class PillowBicubicResizer {
    /** Pillow's PRECISION_BITS: 32 bits minus 8 for the pixel and 2 for the sign and overflow. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    /** Pillow's bicubic filter has support 2 (a = -0.5, the Catmull-Rom-like Keys kernel). */
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;
    /** Taps summed per loop: an upscale needs 5; wider kernels (downscales) run in groups of 5. */
    private static final int GROUP = 5;
    /** Input rows transposed at a time by the horizontal pass: bounds its buffer for large photos. */
    private static final int BLOCK_ROWS = 32;

    private final int inWidth;
    private final int inHeight;
    private final int outWidth;
    private final int outHeight;
    private final Coefficients horizontal;
    private final Coefficients vertical;
    /** The horizontal pass's output (input rows, output width): the vertical pass's lines. */
    private final int[][] rows;
    /** A block of input rows, column by column: the horizontal pass's lines. */
    private final int[][] columns;

    /** Precomputes the coefficients for one input size; reuse it for every image of that size. */
    public PillowBicubicResizer(int inWidth, int inHeight, int outWidth, int outHeight) {
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.horizontal = new Coefficients(inWidth, outWidth);
        this.vertical = new Coefficients(inHeight, outHeight);
        this.rows = new int[inHeight][outWidth * 3];
        this.columns = new int[inWidth][Math.min(BLOCK_ROWS, inHeight) * 3];
    }

    public int inWidth() {
        return inWidth;
    }

    public int inHeight() {
        return inHeight;
    }

    /**
     * Resizes interleaved RGB bytes ({@code inWidth * inHeight * 3}) into {@code out}
     * ({@code outWidth * outHeight * 3} values 0..255, interleaved RGB).
     */
    public void resize(byte[] rgb, int[] out) {
        int stride = outWidth * 3;
        resize(rgb, (y, row) -> System.arraycopy(row, 0, out, y * stride, stride));
    }

    /**
     * Resizes interleaved RGB bytes ({@code inWidth * inHeight * 3}) and hands each output row, top to
     * bottom, to {@code sink}: {@code outWidth * 3} values 0..255, interleaved RGB.
     */
    public void resize(byte[] rgb, LineSink sink) {
        // Like Pillow, skip a pass whose size does not change.
        if (inWidth == outWidth) {
            for (int y = 0; y < inHeight; y++) {
                for (int i = 0; i < outWidth * 3; i++) {
                    rows[y][i] = rgb[y * outWidth * 3 + i] & 0xff;
                }
            }
        } else {
            for (int y0 = 0; y0 < inHeight; y0 += BLOCK_ROWS) {
                int first = y0;
                int n = Math.min(BLOCK_ROWS, inHeight - y0) * 3;
                for (int x = 0; x < inWidth; x++) {
                    int[] c = columns[x];
                    for (int i = 0, p = (y0 * inWidth + x) * 3; i < n; i += 3, p += inWidth * 3) {
                        c[i] = rgb[p] & 0xff;
                        c[i + 1] = rgb[p + 1] & 0xff;
                        c[i + 2] = rgb[p + 2] & 0xff;
                    }
                }
                pass(columns, horizontal, n, (x, column) -> {
                    for (int i = 0, y = first; i < n; i += 3, y++) {
                        rows[y][x * 3] = column[i];
                        rows[y][x * 3 + 1] = column[i + 1];
                        rows[y][x * 3 + 2] = column[i + 2];
                    }
                });
            }
        }
        if (inHeight == outHeight) {
            for (int y = 0; y < outHeight; y++) {
                sink.accept(y, rows[y]);
            }
            return;
        }
        pass(rows, vertical, outWidth * 3, sink);
    }

    /** Receives each output line of a pass; the array is reused for the next line. */
    public interface LineSink {
        void accept(int index, int[] line);
    }

    /**
     * One pass: each output line as the coefficients' weighted sum of {@code lines[..][0..n)}, rounded to 8 bits.
     * Taps come in groups of {@link #GROUP} (padded with zero weights), one loop per group; the line is
     * allocated here so that the JIT sees it is none of {@code lines} and vectorises the loops.
     */
    private static void pass(int[][] lines, Coefficients c, int n, LineSink sink) {
        int[] out = new int[n];
        for (int o = 0; o < c.outSize; o++) {
            for (int t = o * c.taps, end = t + c.taps; t < end; t += GROUP) {
                int[] l0 = lines[c.index[t]];
                int[] l1 = lines[c.index[t + 1]];
                int[] l2 = lines[c.index[t + 2]];
                int[] l3 = lines[c.index[t + 3]];
                int[] l4 = lines[c.index[t + 4]];
                int w0 = c.weight[t];
                int w1 = c.weight[t + 1];
                int w2 = c.weight[t + 2];
                int w3 = c.weight[t + 3];
                int w4 = c.weight[t + 4];
                boolean first = t == o * c.taps;
                boolean last = t + GROUP == end;
                if (first && last) {
                    for (int i = 0; i < n; i++) {
                        out[i] = clip8(HALF + l0[i] * w0 + l1[i] * w1 + l2[i] * w2 + l3[i] * w3 + l4[i] * w4);
                    }
                } else if (first) {
                    for (int i = 0; i < n; i++) {
                        out[i] = HALF + l0[i] * w0 + l1[i] * w1 + l2[i] * w2 + l3[i] * w3 + l4[i] * w4;
                    }
                } else if (last) {
                    for (int i = 0; i < n; i++) {
                        out[i] = clip8(out[i] + l0[i] * w0 + l1[i] * w1 + l2[i] * w2 + l3[i] * w3 + l4[i] * w4);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] += l0[i] * w0 + l1[i] * w1 + l2[i] * w2 + l3[i] * w3 + l4[i] * w4;
                    }
                }
            }
            sink.accept(o, out);
        }
    }

    /** Pillow's clip8: the sum shifted to 8 bits, clamped to 0..255, without branches (so it vectorises). */
    private static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return ((v & ~(v >> 31)) | ((255 - v) >> 31)) & 255;
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

    /**
     * Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis, as {@code taps} (input line,
     * fixed-point weight) pairs per output line; taps past Pillow's own count weigh 0.
     */
    private static final class Coefficients {
        final int outSize;
        final int taps;
        final int[] index;
        final int[] weight;

        Coefficients(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            this.outSize = outSize;
            taps = (kernelSize + GROUP - 1) / GROUP * GROUP;
            index = new int[outSize * taps];
            weight = new int[outSize * taps];
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
                for (int x = 0; x < taps; x++) {
                    index[xx * taps + x] = x < xmax ? xmin + x : xmin;
                    if (x < xmax) {
                        double w = ww != 0.0 ? k[x] / ww : k[x];
                        // Pillow rounds half away from zero when it converts to fixed point.
                        weight[xx * taps + x] = w < 0
                                ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                                : (int) (0.5 + w * (1 << PRECISION_BITS));
                    }
                }
            }
        }
    }
}

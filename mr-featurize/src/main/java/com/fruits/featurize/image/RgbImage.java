package com.fruits.featurize.image;

/** Decoded pixels: interleaved 8-bit RGB, row-major, {@code width * height * 3} bytes. */
public record RgbImage(int width, int height, byte[] rgb) {
}

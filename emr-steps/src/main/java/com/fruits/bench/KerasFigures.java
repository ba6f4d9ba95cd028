package com.fruits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Python/Keras way's figures, as {@code bench/run.sh} collected them from
 * {@code bench/keras_featurize.py}: one CSV line per size, or a {@code # skipped: why} line when its
 * virtual environment could not be built here.
 */
record KerasFigures(Map<Long, Double> secondsByImages, String skipped) {
    static KerasFigures read(String file) throws IOException {
        if (file == null) {
            return new KerasFigures(Map.of(), "not run (bench/run.sh runs it; `fruits bench` alone does not)");
        }
        Map<Long, Double> seconds = new TreeMap<>();
        String skipped = null;
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.startsWith("# skipped:")) {
                skipped = line.substring("# skipped:".length()).trim();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] cells = line.split(",");
                seconds.put(Long.parseLong(cells[0].trim()), Double.parseDouble(cells[1].trim()));
            }
        }
        return new KerasFigures(seconds, seconds.isEmpty() && skipped == null ? "no figures in " + file : skipped);
    }

    /** Seconds the Python way took for {@code images} images, or NaN when it was not measured at that size. */
    double seconds(long images) {
        return secondsByImages.getOrDefault(images, Double.NaN);
    }
}

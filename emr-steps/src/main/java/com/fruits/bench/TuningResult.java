package com.fruits.bench;

/** One setting tried by the benchmark's tuning runs, with the throughput it reached. */
record TuningResult(String stage, String setting, long images, double seconds) {
    double imagesPerSecond() {
        return images / seconds;
    }
}

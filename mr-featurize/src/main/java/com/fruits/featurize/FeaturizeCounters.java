package com.fruits.featurize;

/** Counters of the featurize job; rejected files are also counted per {@link RejectReason}. */
public enum FeaturizeCounters {
    IMAGES_READ,
    IMAGES_FEATURIZED,
    IMAGES_REJECTED,
    BYTES_READ,
    BATCHES,
    MODEL_LOAD_MILLIS,
    DECODE_MILLIS,
    INFERENCE_MILLIS
}

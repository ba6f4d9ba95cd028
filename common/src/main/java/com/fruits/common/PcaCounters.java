package com.fruits.common;

/** Counters of the covariance and projection jobs. */
public enum PcaCounters {
    VECTORS_ACCUMULATED,
    PARTIALS_MERGED,
    VECTORS_PROJECTED
}

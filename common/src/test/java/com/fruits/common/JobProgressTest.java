package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JobProgressTest {
    @Test
    void linesShowShareRateAndTimeLeft() {
        assertEquals("featurize:  25.0% done, 500 images, 50.0 images/s, 10 s elapsed, about 30 s left",
                JobProgress.format("featurize", 0.25f, 500, "images", 10));
        assertEquals("project:   0.0% done, 0 vectors, 0.0 vectors/s, 2 s elapsed, about -- left",
                JobProgress.format("project", 0f, 0, "vectors", 2));
    }
}

package com.fruits.featurize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local runner's maps share one engine per key: one load, counted once, closed with its last lease. */
@Tag("unit")
class SharedEnginesTest {
    /** Counts its loads and closes; its "features" are the load number, to tell engines apart. */
    private static final class CountingEngine implements FeatureEngine {
        final int load;
        boolean closed;

        CountingEngine(int load) {
            this.load = load;
        }

        @Override
        public void features(float[] images, int n, float[] features) {
            features[0] = load;
        }

        @Override
        public String engine() {
            return "counting";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final AtomicInteger loads = new AtomicInteger();
    private CountingEngine last;

    private FeatureEngine load() {
        last = new CountingEngine(loads.incrementAndGet());
        return last;
    }

    private static float run(FeatureEngine engine) {
        float[] out = new float[1];
        engine.features(new float[0], 0, out);
        return out[0];
    }

    @Test
    void tasksOfOneJobShareOneLoadCountedOnceAndTheLastOneClosesIt() {
        int before = SharedEngines.loaded();
        SharedEngines.Lease first = SharedEngines.acquire("job-1/model.onnx threads=1", this::load);
        SharedEngines.Lease second = SharedEngines.acquire("job-1/model.onnx threads=1", this::load);
        assertEquals(1f, run(first));
        assertEquals(1f, run(second));
        assertEquals(1, loads.get());
        assertEquals(before + 1, SharedEngines.loaded());
        assertTrue(first.loadMillis() >= 0);
        assertEquals(0, second.loadMillis(), "the load is counted by the lease that started it only");

        CountingEngine engine = last;
        first.close();
        first.close(); // twice is once
        assertFalse(engine.closed, "still used by the second task");
        second.close();
        assertTrue(engine.closed);
        assertEquals(before, SharedEngines.loaded());

        try (SharedEngines.Lease next = SharedEngines.acquire("job-1/model.onnx threads=1", this::load)) {
            assertEquals(2f, run(next), "released engines are loaded again, not reused closed");
        }
    }

    @Test
    void otherKeysAndUnsharedEnginesLoadTheirOwn() {
        try (SharedEngines.Lease a = SharedEngines.acquire("job-1/model.onnx threads=1", this::load);
             SharedEngines.Lease b = SharedEngines.acquire("job-2/model.onnx threads=1", this::load);
             SharedEngines.Lease c = SharedEngines.unshared(this::load);
             SharedEngines.Lease d = SharedEngines.unshared(this::load)) {
            assertEquals(4, java.util.Set.of(run(a), run(b), run(c), run(d)).size());
            assertEquals(4, loads.get());
        }
    }
}

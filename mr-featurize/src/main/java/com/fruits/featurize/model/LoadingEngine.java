package com.fruits.featurize.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A {@link FeatureEngine} that loads on a thread of its own, so that a map task decodes its first photos
 * while its model loads (about a second; 32 photos of 2 MP take 0.7 s to decode). Inference waits for the
 * load; a failed load fails the first call, or {@link #close}, with its own cause.
 */
public final class LoadingEngine implements FeatureEngine {
    private final CompletableFuture<FeatureEngine> engine;
    private volatile long loadMillis;

    public LoadingEngine(Supplier<FeatureEngine> load) {
        this.engine = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            FeatureEngine loaded = load.get();
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            return loaded;
        }, task -> {
            // A thread per load: the common pool has one thread on two cores, and the local runner's tasks share it.
            Thread thread = new Thread(task, "fruits-model-load");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Override
    public boolean ready() {
        return engine.isDone();
    }

    /** How long the load took (0 until it is done). */
    public long loadMillis() {
        return loadMillis;
    }

    @Override
    public void features(float[] images, int n, float[] features) {
        loaded().features(images, n, features);
    }

    @Override
    public String engine() {
        return loaded().engine();
    }

    @Override
    public void close() {
        loaded().close();
    }

    private FeatureEngine loaded() {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

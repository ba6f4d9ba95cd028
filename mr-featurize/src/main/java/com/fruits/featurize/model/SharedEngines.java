package com.fruits.featurize.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Engines shared by the map tasks of one JVM, by key. The local job runner runs its maps as threads of the
 * command's JVM, one per core: each loading the same model would cost a load's CPU and memory per core, all at
 * the start of the job, where a small batch spends most of its time. A cluster's task JVMs run one map each,
 * which loads its own as before. A shared engine must take calls from several threads; it is closed when the
 * last task using it closes its lease.
 */
public final class SharedEngines {
    private static final Map<String, Shared> LOADED = new HashMap<>();

    private SharedEngines() {
    }

    /** The engine loaded (or loading) under {@code key}, else {@code load} started on a thread of its own. */
    public static Lease acquire(String key, Supplier<FeatureEngine> load) {
        synchronized (LOADED) {
            Shared shared = LOADED.get(key);
            boolean loads = shared == null;
            if (loads) {
                shared = new Shared(key, new LoadingEngine(load));
                LOADED.put(key, shared);
            }
            shared.users++;
            return new Lease(shared, loads);
        }
    }

    /** A lease on an engine of the caller's own, for engines that take one thread only: loads on a thread of its own. */
    public static Lease unshared(Supplier<FeatureEngine> load) {
        Shared own = new Shared(null, new LoadingEngine(load));
        own.users = 1;
        return new Lease(own, true);
    }

    /** How many engines are loaded or loading in this JVM (for tests). */
    static int loaded() {
        synchronized (LOADED) {
            return LOADED.size();
        }
    }

    private static void release(Shared shared) {
        synchronized (LOADED) {
            if (--shared.users > 0) {
                return;
            }
            if (shared.key != null) {
                LOADED.remove(shared.key);
            }
        }
        shared.engine.close(); // outside the lock: it waits for a load still running
    }

    private static final class Shared {
        final String key;
        final LoadingEngine engine;
        int users;

        Shared(String key, LoadingEngine engine) {
            this.key = key;
            this.engine = engine;
        }
    }

    /** One task's use of a shared engine; closing it releases the engine. */
    public static final class Lease implements FeatureEngine {
        private final Shared shared;
        private final boolean loader;
        private boolean closed;

        private Lease(Shared shared, boolean loader) {
            this.shared = shared;
            this.loader = loader;
        }

        /** The load's time for the lease that started it, 0 for the others: each load is counted once. */
        public long loadMillis() {
            return loader ? shared.engine.loadMillis() : 0;
        }

        @Override
        public boolean ready() {
            return shared.engine.ready();
        }

        @Override
        public void features(float[] images, int n, float[] features) {
            shared.engine.features(images, n, features);
        }

        @Override
        public String engine() {
            return shared.engine.engine();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(shared);
            }
        }
    }
}

package com.fruits.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap and peak resident memory of this JVM while a stage runs. Heap is sampled every 20 ms
 * (the sum of the pools' own peaks would overstate it); the resident peak is Linux's VmHWM, reset
 * at the start through {@code /proc/self/clear_refs} so earlier stages do not count.
 */
final class PeakMemory implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    record Peak(long heapBytes, long residentBytes) {
        double heapMb() {
            return heapBytes / 1048576.0;
        }

        /** Peak resident memory in MB, or NaN where Linux's /proc is not available. */
        double residentMb() {
            return residentBytes < 0 ? Double.NaN : residentBytes / 1048576.0;
        }
    }

    private final AtomicLong heapPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private PeakMemory() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        sampler = new Thread(() -> {
            while (running) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-memory");
        sampler.setDaemon(true);
    }

    /** Starts measuring; {@link #stop()} returns the peaks since this call. */
    static PeakMemory start() {
        System.gc(); // start from the live heap, not from the garbage of the stage before
        try {
            Files.writeString(CLEAR_REFS, "5"); // 5 resets VmHWM to the current RSS
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the resident peak then covers the whole process life
        }
        PeakMemory peak = new PeakMemory();
        peak.sampler.start();
        return peak;
    }

    Peak stop() {
        close();
        return new Peak(heapPeak.get(), vmHwm());
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private static long vmHwm() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }
}

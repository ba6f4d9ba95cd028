package com.fruits.featurize;

import com.fruits.featurize.FeaturizeCounters;
import com.fruits.featurize.RejectReason;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * What a finished featurize job did, from its counters: read = featurized + rejected, and why; besides,
 * what it skipped (hidden files, markers, erased images), by reason.
 */
public record FeaturizeSummary(long read, long featurized, long rejected, long skipped, long bytes, long batches,
                               long modelLoadMillis, long decodeMillis, long inferenceMillis, long wallMillis,
                               Map<RejectReason, Long> rejectedBy) {

    /** What an incremental run that found nothing new to featurize reports. */
    public static final FeaturizeSummary NOTHING_NEW = new FeaturizeSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

    /** Reads the counters of a finished job; {@code wallMillis} is measured by the caller (local runs have no job times). */
    public static FeaturizeSummary of(Job job, long wallMillis) throws IOException {
        Counters c = job.getCounters();
        Map<RejectReason, Long> by = new EnumMap<>(RejectReason.class);
        long skipped = 0; // by the tasks: bytes the run already holds
        for (RejectReason reason : RejectReason.values()) {
            long n = c.findCounter(FeaturizeMapper.REJECTED_GROUP, reason.name()).getValue();
            if (n > 0) {
                by.put(reason, n);
                skipped += reason.skip() ? n : 0;
            }
        }
        return new FeaturizeSummary(
                c.findCounter(FeaturizeCounters.IMAGES_READ).getValue() - skipped,
                c.findCounter(FeaturizeCounters.IMAGES_FEATURIZED).getValue(),
                c.findCounter(FeaturizeCounters.IMAGES_REJECTED).getValue(),
                skipped,
                c.findCounter(FeaturizeCounters.BYTES_READ).getValue(),
                c.findCounter(FeaturizeCounters.BATCHES).getValue(),
                c.findCounter(FeaturizeCounters.MODEL_LOAD_MILLIS).getValue(),
                c.findCounter(FeaturizeCounters.DECODE_MILLIS).getValue(),
                c.findCounter(FeaturizeCounters.INFERENCE_MILLIS).getValue(),
                wallMillis, by);
    }

    /** This summary with what the job's input listing rejected or skipped (before any task) added. */
    public FeaturizeSummary plus(Map<RejectReason, Long> listing) {
        long extraRejected = listing.entrySet().stream().filter(e -> !e.getKey().skip()).mapToLong(Map.Entry::getValue).sum();
        long extraSkipped = listing.entrySet().stream().filter(e -> e.getKey().skip()).mapToLong(Map.Entry::getValue).sum();
        Map<RejectReason, Long> by = new EnumMap<>(RejectReason.class);
        by.putAll(rejectedBy);
        listing.forEach((reason, n) -> by.merge(reason, n, Long::sum));
        return new FeaturizeSummary(read + extraRejected, featurized, rejected + extraRejected, skipped + extraSkipped,
                bytes, batches, modelLoadMillis, decodeMillis, inferenceMillis, wallMillis, by);
    }

    /**
     * A sentence saying why the job must fail, or null when the rejected share is acceptable; {@code listed}
     * is the folder that lists the rejected files.
     */
    public String rejectionFailure(double maxRatio, Object listed) {
        if (read == 0 || (double) rejected / read <= maxRatio) {
            // Every photo already in the run under another name (a renamed folder) is no failure.
            return read == 0 && !rejectedBy.containsKey(RejectReason.KNOWN_BYTES) ? "No image was found under the input folder" + (skipped > 0 ? " (" + skipped
                    + " entries skipped: " + reasons(true) + ")." : ".") : null;
        }
        return String.format(Locale.ROOT, "%d of %d files (%.1f%%) were rejected, more than --max-rejected-ratio %s "
                + "allows; mostly %s. The list with reasons is in %s",
                rejected, read, 100.0 * rejected / read, maxRatio, reasons(false), listed);
    }

    private String reasons(boolean skips) {
        return rejectedBy.entrySet().stream()
                .filter(e -> e.getKey().skip() == skips)
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
                .map(e -> e.getKey().name() + " (" + e.getValue() + ", " + e.getKey().description() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        double seconds = wallMillis / 1000.0;
        return String.format(Locale.ROOT,
                "featurize: read %d = featurized %d + rejected %d%s%s; %.1f MB in %d batches; %.1f s, %.1f images/s "
                        + "(model load %d ms, decode %d ms, inference %d ms of task time)",
                read, featurized, rejected, rejected == 0 ? "" : " [" + reasons(false) + "]",
                skipped == 0 ? "" : "; skipped " + skipped + " [" + reasons(true) + "]", bytes / 1e6, batches,
                seconds, seconds > 0 ? featurized / seconds : 0, modelLoadMillis, decodeMillis, inferenceMillis);
    }
}

package com.fruits.common;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs a job and shows its progress: share done, items per second and time left, on one updating
 * line on a terminal, as a plain line every {@code PLAIN_EVERY_MS} otherwise (logs, EMR step output).
 * The job's counters go to the log ({@code fruits.counters}), and to the console with {@code --verbose}.
 */
public final class JobProgress {
    /** Set by {@code --verbose}: counters on the console too. */
    public static final String VERBOSE = "fruits.verbose";
    /** Where the counters always go (conf/log4j.properties routes it to the log file). */
    private static final org.slf4j.Logger COUNTERS = org.slf4j.LoggerFactory.getLogger("fruits.counters");
    private static final long POLL_MS = 1000;
    private static final long LOCAL_POLL_MS = 100;
    private static final long PLAIN_EVERY_MS = 15_000;

    private JobProgress() {
    }

    /** Submits {@code job} and waits for it; {@code items} counts what the job processes (images, vectors). */
    public static boolean run(Job job, String stage, Enum<?> items, String unit)
            throws IOException, InterruptedException, ClassNotFoundException {
        PrintStream out = System.err;
        boolean terminal = System.console() != null;
        long start = System.currentTimeMillis();
        long lastPlain = start;
        JobFailure.listen();
        JobFailure.reset();
        job.submit();
        // Polls often at first, then at Hadoop's poll interval (mapred-default.xml's 1 s; at most 100 ms for the
        // in-process local runner, where a poll costs nothing): a job of a few seconds is seen done at once, not
        // up to a whole second later.
        boolean local = "local".equals(job.getConfiguration().get("mapreduce.framework.name", "local"));
        long maxPoll = job.getConfiguration().getLong(Job.PROGRESS_MONITOR_POLL_INTERVAL_KEY, POLL_MS);
        if (local) {
            maxPoll = Math.min(maxPoll, LOCAL_POLL_MS);
        }
        long poll = Math.min(20, maxPoll);
        while (!job.isComplete()) {
            Thread.sleep(poll);
            poll = Math.min(maxPoll, poll * 2);
            long now = System.currentTimeMillis();
            if (!terminal && now - lastPlain < PLAIN_EVERY_MS) {
                continue;
            }
            lastPlain = now;
            String line = line(job, stage, items, unit, (now - start) / 1000.0);
            if (terminal) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
        }
        if (terminal) {
            out.println();
        }
        if (!job.isSuccessful()) {
            String output = job.getConfiguration().get("mapreduce.output.fileoutputformat.outputdir");
            out.println(stage + " failed" + (output == null ? "" : " writing " + output) + ": "
                    + JobFailure.describe(job) + logHint());
            return false;
        }
        COUNTERS.info("{} {}: {}", stage, job.getJobID(), job.getCounters());
        if (job.getConfiguration().getBoolean(VERBOSE, false)) {
            out.println(job.getCounters());
        }
        return true;
    }

    private static String logHint() {
        String log = System.getProperty("fruits.log.file");
        return log == null ? "" : " (details in " + log + ")";
    }

    static String line(Job job, String stage, Enum<?> items, String unit, double seconds)
            throws IOException, InterruptedException {
        float done = job.getNumReduceTasks() == 0 ? job.mapProgress()
                : (job.mapProgress() + job.reduceProgress()) / 2;
        long count = job.getCounters() == null ? 0 : job.getCounters().findCounter(items).getValue();
        return format(stage, done, count, unit, seconds);
    }

    static String format(String stage, float done, long count, String unit, double seconds) {
        String left = done <= 0.01 ? "--" : String.format(Locale.ROOT, "%.0f s", seconds * (1 - done) / done);
        return String.format(Locale.ROOT, "%s: %5.1f%% done, %d %s, %.1f %s/s, %.0f s elapsed, about %s left",
                stage, 100 * done, count, unit, count / Math.max(seconds, 1e-3), unit, seconds, left);
    }
}

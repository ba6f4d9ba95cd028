package com.fruits.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Why a job failed, as one sentence a user can act on: the root cause of its failed task, read from the
 * task diagnostics on a cluster, or from what the local job runner logged (it keeps no diagnostics, and
 * its status says only "NA"). The stack trace itself stays in the log.
 */
public final class JobFailure {
    private static final AtomicReference<Throwable> LAST_LOCAL = new AtomicReference<>();
    private static volatile boolean listening;

    private JobFailure() {
    }

    /** Starts recording what the local job runner logs when a job fails (once per JVM). */
    public static synchronized void listen() {
        if (listening) {
            return;
        }
        listening = true;
        try {
            Logger.getLogger("org.apache.hadoop.mapred.LocalJobRunner").addAppender(new AppenderSkeleton() {
                @Override
                protected void append(LoggingEvent event) {
                    if (event.getThrowableInformation() != null) {
                        LAST_LOCAL.set(event.getThrowableInformation().getThrowable());
                    }
                }

                @Override
                public void close() {
                }

                @Override
                public boolean requiresLayout() {
                    return false;
                }
            });
        } catch (LinkageError e) {
            // No log4j on this classpath: the cluster's task diagnostics still name the cause.
        }
    }

    /** Clears what an earlier local job left, before a new one runs. */
    public static void reset() {
        LAST_LOCAL.set(null);
    }

    /** The cause of the job's failure in one sentence. */
    public static String describe(Job job) throws IOException, InterruptedException {
        Throwable local = LAST_LOCAL.getAndSet(null);
        if (local != null) {
            return sentence(rootCauses(local));
        }
        List<String> diagnostics = new ArrayList<>();
        for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
            if (event.getStatus() == TaskCompletionEvent.Status.FAILED
                    || event.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
                for (String d : job.getTaskDiagnostics(event.getTaskAttemptId())) {
                    diagnostics.add(d);
                }
            }
        }
        if (!diagnostics.isEmpty()) {
            return sentence(diagnostics.get(diagnostics.size() - 1));
        }
        String info = job.getStatus().getFailureInfo();
        return info == null || info.isBlank() || info.equals("NA") ? "the job failed; see the log for its tasks' errors" : info;
    }

    /** An error of the user's situation (a full disk, a refused permission, a missing file), not a bug of ours. */
    public static boolean actionable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = String.valueOf(c.getMessage());
            if (c instanceof java.io.FileNotFoundException || c instanceof java.nio.file.FileSystemException
                    || c.getClass().getSimpleName().equals("AccessControlException")
                    || message.contains("No space left on device") || message.contains("Permission denied")
                    || message.contains("Mkdirs failed") || message.contains("Read-only file system")
                    || message.contains("staging directory")) { // another user's job scratch space
                return true;
            }
        }
        return false;
    }

    /** The cause of an exception in one sentence. */
    public static String sentence(Throwable t) {
        return sentence(rootCauses(t));
    }

    /** Every message of the cause chain, outermost first, one per line. */
    static String rootCauses(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            out.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
        }
        return out.toString();
    }

    /** Names the cause a user can act on (a full disk, a refused permission), else the innermost message. */
    static String sentence(String causes) {
        List<String> lines = causes.lines().filter(l -> !l.isBlank() && !l.startsWith("\tat ")).toList();
        for (String line : lines) {
            if (line.contains("No space left on device") || line.contains("DiskOutOfSpace") || line.contains("QuotaExceeded")) {
                return "the disk is full (" + clip(line) + "); free space or choose another --output";
            }
            if (line.contains("Permission denied") || line.contains("AccessDenied") || line.contains("AccessControlException")) {
                return "permission denied (" + clip(line) + ")";
            }
        }
        return lines.isEmpty() ? "unknown cause" : clip(lines.get(lines.size() - 1));
    }

    private static String clip(String line) {
        String s = line.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

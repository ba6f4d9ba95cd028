package com.fruits.gdpr;

import com.fruits.common.RunLock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Carries out one erasure, retention or rectification request on each run: under the run's lock (no
 * pipeline writes it meanwhile), edits the rows, reads every output again to prove no matched row kept
 * what was undone, and logs the request without personal data. Reports per run what it matched, and
 * fails loudly when a row survived: an incomplete erasure is never reported as done.
 */
final class RequestRunner {
    /** The edit a request makes to one run (no paths: the run holds nothing of it). */
    interface EditFor {
        RunRewriter.Edit of(Path run) throws IOException;
    }

    private RequestRunner() {
    }

    /** Returns the exit code: 0 done (or nothing held), 1 when a matched row survived somewhere. */
    static int run(Configuration conf, String command, String kind, List<Path> runs, EditFor editFor) throws IOException {
        String request = ErasureLog.requestId(conf);
        long matched = 0;
        List<String> incomplete = new ArrayList<>();
        for (Path run : runs) {
            try (RunLock lock = RunLock.acquire(conf, run, command)) {
                RunRewriter.Edit edit = editFor.of(run);
                if (edit.paths().isEmpty()) {
                    System.out.println(command + ": " + run + ": matched no image");
                    continue;
                }
                RunRewriter rewriter = new RunRewriter(conf, run);
                Map<String, Long> changed = rewriter.apply(edit);
                Map<String, Long> left = rewriter.surviving(edit);
                ErasureLog.append(run.getFileSystem(conf), run, request, kind, changed);
                long rows = changed.getOrDefault("features", 0L) + changed.getOrDefault("rejected", 0L);
                matched += rows;
                System.out.println(command + ": " + run + ": matched " + edit.paths().size() + " path(s), "
                        + rows + " image row(s); changed " + changed);
                if (left.values().stream().anyMatch(n -> n > 0)) {
                    incomplete.add(run + " " + left);
                }
            }
        }
        if (!incomplete.isEmpty()) {
            System.err.println(command + ": INCOMPLETE, request " + request + ": rows it matched are still in "
                    + String.join("; ", incomplete) + ". Nothing is reported done: run the command again, and "
                    + "if rows remain, stop writing to these runs and report it.");
            return 1;
        }
        System.out.println(command + ": request " + request + ": " + matched + " image row(s) in " + runs.size()
                + " run(s), checked by reading every output again; logged in " + ErasureLog.FILE + " of each run.");
        return 0;
    }
}

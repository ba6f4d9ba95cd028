package com.fruits.gdpr;

import com.fruits.common.RunLock;
import com.fruits.common.UsageException;
import com.fruits.pipeline.IncrementalFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one erasure, retention or rectification request on each run, run by run: under the run's
 * lock (no pipeline writes it meanwhile), first finishing or undoing whatever a killed request or batch
 * left, then editing the rows in one transaction, reading every output again to prove no matched row kept
 * what was undone, and logging the request without personal data. A run that fails does not stop the
 * others; the summary says which runs are done. Never exit 0 for a request that matched nothing the user
 * named, nor for one that left a row behind.
 */
final class RequestRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    /** The edit a request makes to one run (no paths: the run holds nothing of it). */
    interface EditFor {
        RunRewriter.Edit of(Path run) throws IOException;
    }

    /** The manifest rows a request names in one run (a subject's, or those past the retention date). */
    interface NamedFor {
        Set<String> of(Path run) throws IOException;
    }

    /**
     * One request: the command, its kind in the log, the sentence that refuses it when it matched no
     * row in any run (null when matching nothing is a normal outcome, as for a daily retention), and the
     * manifest rows it names (null for a request by path), each of which must name a photo the run read.
     */
    record Request(String command, String kind, String nothingMatched, NamedFor named) {
    }

    private RequestRunner() {
    }

    /** Returns the exit code: 0 done, 1 when a run failed, a matched row survived, or nothing matched. */
    static int run(Configuration conf, Request request, List<Path> runs, EditFor editFor) {
        String command = request.command();
        String id = ErasureLog.requestId(conf);
        boolean dryRun = GdprConfigKeys.DRY_RUN.getBoolean(conf);
        long rows = 0;
        Set<String> tried = new TreeSet<>();
        List<Path> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> unheld = new ArrayList<>();
        for (Path run : runs) {
            try (RunLock lock = RunLock.acquire(conf, run, command)) {
                String recovered = RewriteTransaction.recover(conf, run);
                if (recovered != null) {
                    System.err.println(command + ": " + recovered);
                }
                IncrementalFeatures.recover(conf, run); // an unfinished batch holds rows too
                RunRewriter rewriter = new RunRewriter(conf, run);
                RunRewriter.Edit asked = editFor.of(run);
                tried.addAll(asked.paths());
                RunRewriter.Edit edit = rewriter.withSameBytes(asked);
                List<String> notRead = request.named() == null ? List.of()
                        : RunFolderGlob.unheld(conf, run, request.named().of(run));
                if (!notRead.isEmpty()) {
                    unheld.add(RunFolderGlob.unheldSentence(run, notRead));
                }
                if (dryRun) {
                    Map<String, Long> would = rewriter.surviving(edit);
                    long n = would.getOrDefault("features", 0L) + would.getOrDefault("rejected", 0L);
                    rows += n;
                    System.out.println(command + ": " + run + ": would remove " + n + " image row(s) " + would);
                    done.add(run);
                    continue;
                }
                if (edit.paths().isEmpty()) {
                    System.out.println(command + ": " + run + ": matched no image");
                    done.add(run);
                    continue;
                }
                RunRewriter.Result result = rewriter.apply(edit, new ErasureLog.Line(id, request.kind()));
                Map<String, Long> left = rewriter.surviving(edit);
                rows += result.rows();
                System.out.println(command + ": " + run + ": " + result.imageRows() + " image row(s) of "
                        + result.matched().size() + " image(s); changed " + result.changed());
                if (left.values().stream().anyMatch(n -> n > 0)) {
                    failed.add(run + ": INCOMPLETE, rows it matched are still there " + left);
                } else {
                    done.add(run);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("{} failed on {}", command, run, e);
                failed.add(run + ": " + (e instanceof UsageException ? e.getMessage() : e.toString()));
            }
        }
        int exit = summary(request, id, runs, done, failed, rows, tried, dryRun);
        if (!unheld.isEmpty()) {
            System.err.println(command + ": INCOMPLETE: " + String.join("; ", unheld) + ".");
            return 1;
        }
        return exit;
    }

    private static int summary(Request request, String id, List<Path> runs, List<Path> done, List<String> failed,
                               long rows, Set<String> tried, boolean dryRun) {
        String command = request.command();
        if (!failed.isEmpty()) {
            System.err.println(command + ": request " + id + " is NOT done in " + failed.size() + " of " + runs.size()
                    + " run(s): " + String.join("; ", failed) + ". Done in " + done.size() + done
                    + ". Run the same command again: it finishes or undoes each run's interrupted rewrite first.");
            return 1;
        }
        if (rows == 0 && request.nothingMatched() != null) {
            System.err.println(command + ": " + request.nothingMatched() + " in any of the " + runs.size() + " run(s) of --runs "
                    + runs + (tried.isEmpty() || tried.size() > 6 ? "" : " (looked for " + String.join(", ", tried) + ")")
                    + "; nothing was changed.");
            return 1;
        }
        if (dryRun) {
            System.out.println(command + ": dry run: " + rows + " image row(s) in " + runs.size() + " run(s) would be "
                    + "removed; nothing was changed.");
            return 0;
        }
        System.out.println(command + ": request " + id + ": " + rows + " row(s) in " + runs.size()
                + " run(s), checked by reading every output again; logged in " + ErasureLog.FILE + " of each run.");
        return 0;
    }
}

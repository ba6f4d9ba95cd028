package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ChildRun;
import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.RunFolders;
import com.fruits.common.RunLock;
import com.fruits.common.SharedData;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs killed with SIGKILL, and two runs on one output: a second run is refused while the first holds
 * the output; after the kill, {@code --incremental} takes over the stale lock, resumes and ends complete;
 * nothing is ever reported up to date, or done, for work that never committed.
 */
@Tag("job")
class InterruptedRunTest {
    private static final int IMAGES = 120;

    @TempDir
    Path tmp;

    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    private String[] pipeline(Path input, Path output, String... extra) {
        return Stream.concat(Stream.of("pipeline", "--input", input.toString(), "--output", output.toString(),
                "--model", SharedData.model().toString(), "--k", "10"), Stream.of(extra)).toArray(String[]::new);
    }

    /** A pipeline over 120 images in a JVM of its own, killed with SIGKILL once {@code reached} exists in its output. */
    private void pipelineKilledAt(Path input, Path output, String reached, WhileAlive whileAlive) throws Exception {
        SharedData.copyInto(SharedData.testSlice(12, IMAGES / 12), input);
        Path log = tmp.resolve("child.log");
        // TensorFlow and small batches keep the child's featurize job long enough to be caught in it.
        Process child = ChildRun.start(log, pipeline(input, output, "--engine", "tensorflow", "--batch-size", "4"));
        ChildRun.awaitFile(child, output.resolve(reached), log);
        whileAlive.run();
        ChildRun.kill(child);
    }

    /** What a test does while the child run still holds its output. */
    interface WhileAlive {
        void run() throws Exception;
    }

    @Test
    void aRunKilledWhileFeaturizingIsRefusedToOthersThenResumed() throws Exception {
        Path input = tmp.resolve("in");
        Path output = tmp.resolve("run");
        // The featurize job has set up its committer: tasks are writing, nothing is committed.
        pipelineKilledAt(input, output, "features/_temporary", () -> {

            // Two runs at once: the second is refused in one sentence, with or without --overwrite or --incremental.
            for (String[] extra : new String[][] {{}, {"--overwrite"}, {"--incremental"}}) {
                String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), pipeline(input, output, extra))));
                assertTrue(err.contains("is in use by another fruits run") && err.contains(RunLock.FILE), err);
                assertEquals(1, err.strip().lines().count(), err);
            }
        });
        assertFalse(RunFolders.isComplete(conf(), new org.apache.hadoop.fs.Path(output.toUri())));

        // Without --incremental or --overwrite the unfinished run is named as such.
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), pipeline(input, output))));
        assertTrue(err.contains("holds an unfinished run") && err.contains("--incremental"), err);

        // --incremental takes the dead run's lock over and featurizes again: never "up to date".
        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf(), pipeline(input, output, "--incremental"))));
        assertFalse(out.contains("up to date"), out);
        assertComplete(output);
        // Now it is.
        String again = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf(), pipeline(input, output, "--incremental"))));
        assertTrue(again.contains("up to date"), again);
        assertTrue(Files.notExists(output.resolve(RunLock.FILE)), "the lock must be released");
    }

    @Test
    void aRunKilledAfterItsVectorsCommittedIsFinishedByIncremental() throws Exception {
        Path input = tmp.resolve("in");
        Path output = tmp.resolve("run");
        // The covariance job is running: the vectors are committed, the PCA and the Parquet are not.
        pipelineKilledAt(input, output, "pca/_scatter", () -> { });
        assertTrue(Files.notExists(output.resolve("projected/_SUCCESS")));

        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf(), pipeline(input, output, "--incremental"))));
        assertTrue(out.contains("stopped before its end"), out);
        assertComplete(output);
    }

    /** Every output describes the same images: 120 vectors, 120 Parquet rows, a PCA of 120, a report. */
    private void assertComplete(Path output) throws Exception {
        assertTrue(RunFolders.isComplete(conf(), new org.apache.hadoop.fs.Path(output.toUri())));
        assertEquals(IMAGES, RunOutputs.vectors(output.resolve("features")).size());
        java.util.List<String> projected = RunOutputs.projectedPaths(output.resolve("projected"));
        assertEquals(IMAGES, projected.size());
        assertEquals(IMAGES, new java.util.HashSet<>(projected).size(), "an image projected twice");
        assertEquals(IMAGES, PcaModelFiles.read(new org.apache.hadoop.fs.Path(output.resolve("pca").toUri()), conf()).n());
        assertTrue(Files.exists(output.resolve("report.html")));
        try (Stream<Path> left = Files.list(output.resolve("features"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("_batch-")
                    || p.getFileName().toString().equals("_temporary")), "leftovers of the killed run");
        }
    }
}

package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.RunFolders;
import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command never deletes or changes what it does not own, checks its options before any job, and ends
 * what a user can act on (bad option, corrupt model, full disk) with one sentence, not a stack trace.
 */
@Tag("job")
class OutputSafetyTest {

    @TempDir
    Path tmp;

    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    private String[] pipeline(Path input, Path output, String... extra) {
        return Stream.concat(Stream.of("pipeline", "--input", input.toString(), "--output", output.toString(),
                "--model", SharedData.model().toString()), Stream.of(extra)).toArray(String[]::new);
    }

    private Path photos() throws Exception {
        Path input = tmp.resolve("photos");
        SharedData.copyInto(SharedData.testSlice(2, 3), input);
        return input;
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void anOutputOverlappingTheInputIsRefusedAndNothingIsDeleted() throws Exception {
        Path input = photos();
        Files.createSymbolicLink(tmp.resolve("alias"), input);
        Path model = tmp.resolve("model");
        long before = count(input);
        for (Path output : List.of(input, input.resolve("Apple Braeburn 1/run"), tmp, tmp.resolve("alias"))) {
            for (String[] extra : new String[][] {{}, {"--overwrite"}}) {
                String err = ConsoleCapture.stderrOf(() -> assertEquals(2,
                        FruitsCli.run(conf(), pipeline(input, output, extra))));
                assertTrue(err.contains("the output must be a folder of its own"), output + ": " + err);
                assertEquals(1, err.strip().lines().count(), err);
            }
        }
        assertEquals(before, count(input), "an input photo was deleted");
        // Nor may --overwrite replace the model's folder.
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(),
                pipeline(input, SharedData.model(), "--overwrite"))));
        assertTrue(err.contains("--model"), err);
        assertTrue(Files.notExists(model));
    }

    @Test
    void overwriteDeletesOnlyAFolderTheSuiteWrote() throws Exception {
        Path input = photos();
        Path mine = Files.createDirectories(tmp.resolve("my documents"));
        Files.writeString(mine.resolve("thesis.tex"), "months of work");
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2,
                FruitsCli.run(conf(), pipeline(input, mine, "--overwrite"))));
        assertTrue(err.contains("fruits did not write"), err);
        assertEquals("months of work", Files.readString(mine.resolve("thesis.tex")));
    }

    @Test
    void optionsOutOfRangeStopBeforeAnyJob() throws Exception {
        Path input = photos();
        Path output = tmp.resolve("never");
        String[][] cases = {
            {"--k", "0"}, {"--k", "5000"}, {"--batch-size", "0"}, {"--max-rejected-ratio", "2"},
            {"--max-rejected-ratio", "-0.1"}, {"--reducers", "0"}, {"--split-size", "0"}};
        for (String[] bad : cases) {
            String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), pipeline(input, output, bad))));
            assertTrue(err.startsWith("fruits pipeline: --" + bad[0].substring(2)), String.join(" ", bad) + ": " + err);
            assertEquals(1, err.strip().lines().count(), err);
        }
        // A -D property is held to the same range as its flag.
        Configuration viaProperty = conf();
        viaProperty.set("fruits.pca.k", "0");
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(viaProperty, pipeline(input, output))));
        assertTrue(err.contains("--k must be from 1 to 1280, not 0"), err);
        for (String age : new String[] {"-5d", "0d", "PT0S"}) {
            String retention = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(),
                    new String[] {"retention", "--runs", tmp.toString(), "--older-than", age})));
            assertTrue(retention.contains("longer than zero"), retention);
        }
        assertTrue(Files.notExists(output), "a job ran or the output was created");
    }

    @Test
    void aTruncatedModelIsNamedInOneSentence() throws Exception {
        Path input = photos();
        Path model = tmp.resolve("truncated-model");
        try (Stream<Path> files = Files.walk(SharedData.model())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = model.resolve(SharedData.model().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path data = model.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"pipeline",
            "--input", input.toString(), "--output", tmp.resolve("o").toString(), "--model", model.toString()})));
        assertTrue(err.contains("is not a usable SavedModel, it may be truncated or corrupt"), err);
        assertTrue(err.lines().noneMatch(line -> line.startsWith("\tat ")), "a stack trace: " + err);
    }

    /**
     * A full disk for real: a 256 KB tmpfs as the output. Needs the right to mount, which a root
     * container has; elsewhere the test is skipped, not faked.
     */
    @Test
    void aFullDiskEndsInOneSentenceAndTheRunIsLeftUnfinished() throws Exception {
        Path input = tmp.resolve("many");
        SharedData.copyInto(SharedData.testSlice(6, 10), input);
        Path small = Files.createDirectories(tmp.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here");
        try {
            Path output = small.resolve("run");
            String err = ConsoleCapture.stderrOf(() -> assertEquals(1, FruitsCli.run(conf(), pipeline(input, output))));
            assertTrue(err.contains("featurize failed writing") && err.contains("the disk is full"), err);
            assertTrue(err.lines().noneMatch(line -> line.startsWith("\tat ")), "a stack trace: " + err);
            assertTrue(!com.fruits.common.RunFolders.isComplete(conf(), new org.apache.hadoop.fs.Path(output.toUri())));
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
        }
    }

    /** A read-only file system (a tmpfs mounted read-only, where the container may mount) is refused before any model work. */
    @Test
    void aReadOnlyOutputIsRefusedInOneSentence() throws Exception {
        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", readOnly.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a read-only tmpfs here");
        try {
            String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(),
                    pipeline(photos(), readOnly.resolve("run")))));
            assertTrue(err.contains("cannot be written") && err.contains("is read-only"), err);
            assertTrue(!err.contains("Exception") && !err.contains("_FRUITS_LOCK"), err);
        } finally {
            new ProcessBuilder("umount", "-l", readOnly.toString()).start().waitFor();
        }
    }
}

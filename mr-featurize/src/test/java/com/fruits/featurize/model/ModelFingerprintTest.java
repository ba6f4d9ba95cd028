package com.fruits.featurize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's fingerprint is remembered between commands, and a rewritten file is hashed again. */
class ModelFingerprintTest {
    @TempDir
    Path tmp;

    @Test
    void theMemoIsReusedAndARewrittenFileIsHashedAgainEvenWithItsTimePutBack() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model/variables"));
        Files.writeString(tmp.resolve("model/saved_model.pb"), "graph");
        Path weights = Files.writeString(model.resolve("variables.data-00000-of-00001"), "weights-1");
        Path memo = tmp.resolve("memo");

        String first = ModelFingerprint.ofFolder(tmp.resolve("model"), memo);
        assertEquals(ModelFingerprint.ofFolder(tmp.resolve("model")), first, "the same fingerprint as without a memo");
        List<Path> entries = list(memo);
        assertEquals(1, entries.size());

        // The entry is what the next command reads instead of hashing (a planted value proves it is read).
        String planted = "f".repeat(64);
        Files.writeString(entries.get(0), planted + "\n");
        assertEquals(planted, ModelFingerprint.ofFolder(tmp.resolve("model"), memo));

        // Same size, modification time put back: the change time still differs, so it is hashed again.
        FileTime modified = Files.getLastModifiedTime(weights);
        Thread.sleep(20);
        Files.writeString(weights, "weights-2");
        Files.setLastModifiedTime(weights, modified);
        String rewritten = ModelFingerprint.ofFolder(tmp.resolve("model"), memo);
        assertNotEquals(planted, rewritten);
        assertNotEquals(first, rewritten);
        assertEquals(2, list(memo).size());
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sha256")).toList();
        }
    }
}

package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A photo is its bytes (issue 33), on the local job runner and on S3 (S3Proxy): a renamed input folder is a move
 * (nothing doubled, the subject follows), the same bytes under a second label are rejected as a duplicate naming
 * the first, a copy of an erased photo under a new name stays out, and evaluate refuses byte copies of its
 * references.
 */
@Tag("integration")
class PhotosKnownByTheirBytesTest {
    @TempDir
    Path tmp;

    @Test
    void onTheLocalJobRunner() throws Exception {
        Path images = images();
        check(() -> LocalJobConf.in(tmp), new org.apache.hadoop.fs.Path(images.toString()),
                new org.apache.hadoop.fs.Path(tmp.resolve("moved").toString()), tmp.resolve("run").toString(), tmp.resolve("run"));

        // A test run holding a byte copy of a training photo under another name: evaluate refuses it.
        Path photo;
        try (var files = Files.walk(tmp.resolve("moved"))) {
            photo = files.filter(f -> f.toString().endsWith("_100.jpg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Path test = Files.createDirectories(tmp.resolve("test-images").resolve(photo.getParent().getFileName()));
        Files.copy(photo, test.resolve("renamed.jpg"));
        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"pipeline", "--input", test.getParent().toString(),
            "--output", tmp.resolve("test-run").toString(), "--model", SharedData.model().toString(),
            "--pca-from", tmp.resolve("run").toString()}));
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"evaluate",
            "--train", tmp.resolve("run").toString(), "--test", tmp.resolve("test-run").toString()})));
        assertTrue(err.contains("whose bytes are in the train run") && err.contains("renamed.jpg"), err);
    }

    @Test
    void onS3() throws Exception {
        Path images = images();
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.createBucket("fruits-eu");
            org.apache.hadoop.fs.Path input = s3.upload(s3.configure(LocalJobConf.in(tmp)), images, "s3a://fruits-eu/incoming");
            check(() -> s3.configure(LocalJobConf.in(tmp)), input, new org.apache.hadoop.fs.Path("s3a://fruits-eu/moved"),
                    "s3a://fruits-eu/runs/one", s3.bucketFolder("fruits-eu").resolve("runs/one"));
        }
    }

    private Path images() throws Exception {
        SharedData.model(); // skips, with the reason, when the model cannot be had
        Path images = tmp.resolve("images");
        SharedData.copyInto(SharedData.testSlice(2, 3), images);
        return images;
    }

    /** Each command gets a configuration of its own, as each would in its own process. */
    private void check(java.util.function.Supplier<Configuration> confs, org.apache.hadoop.fs.Path input,
                       org.apache.hadoop.fs.Path moved, String output, Path localRun) throws Exception {
        Configuration conf = confs.get();
        FileSystem fs = input.getFileSystem(conf);
        String movedTo = fs.makeQualified(moved).toString(); // as the outputs spell paths
        String inputName = fs.makeQualified(input).toString();
        List<String> photos = java.util.Arrays.stream(FileUtil.stat2Paths(fs.globStatus(new org.apache.hadoop.fs.Path(input, "*/*"))))
                .map(p -> p.toString().substring(inputName.length() + 1)).sorted().toList();
        Path manifest = Files.writeString(tmp.resolve("subjects.csv"), "path,subject_id,collected_at\n"
                + photos.get(0) + ",alice,2026-03-01\n", StandardCharsets.UTF_8);
        String model = SharedData.model().toString();
        assertEquals(0, FruitsCli.run(confs.get(), new String[] {"pipeline", "--input", input.toString(), "--output", output,
            "--model", model, "--k", "3", "--subjects", manifest.toString()}));
        assertEquals(6, vectors(localRun).size());

        // The folder is renamed (a migrated bucket prefix): a move, not six new photos.
        assertTrue(fs.rename(input, moved));
        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(confs.get(), new String[] {"pipeline", "--input",
            moved.toString(), "--output", output, "--model", model, "--k", "3", "--incremental"})));
        assertTrue(out.contains("6 photo(s) moved") && out.contains("featurized 0") && out.contains("KNOWN_BYTES (6"),
                "moved photos are not featurized again: " + out);
        Map<String, String> rows = vectors(localRun);
        assertEquals(6, rows.size(), "a moved folder doubled the vectors: " + rows.keySet());
        assertTrue(rows.keySet().stream().allMatch(p -> p.startsWith(movedTo)), rows.keySet().toString());
        assertEquals(6, RunOutputs.projectedPaths(localRun.resolve("projected")).size());
        String kept = Files.readString(localRun.resolve("subjects.tsv"));
        assertTrue(kept.contains(movedTo + "/" + photos.get(0)), "alice's row did not follow her photo: " + kept);

        // The same bytes under another label: featurized once, the copy rejected naming the first.
        org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(moved, photos.get(5).split("/")[0] + "/copy.jpg");
        FileUtil.copy(fs, new org.apache.hadoop.fs.Path(moved, photos.get(0)), fs, copy, false, conf);
        out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(confs.get(), new String[] {"pipeline", "--input",
            moved.toString(), "--output", output, "--model", model, "--k", "3", "--incremental"})));
        assertTrue(out.contains("1 duplicate(s) rejected as DUPLICATE") && out.contains("under another label"), out);
        assertEquals(6, vectors(localRun).size());
        assertTrue(RunOutputs.rejected(localRun.resolve("features")).stream().anyMatch(line -> line.startsWith(fs.makeQualified(copy) + "\tDUPLICATE")
                && line.contains("the same bytes as " + movedTo + "/" + photos.get(0))), RunOutputs.rejected(localRun.resolve("features")).toString());

        // alice's photo erased; her bytes uploaded again under a new name stay out.
        assertEquals(0, FruitsCli.run(confs.get(), new String[] {"erase", "--runs", output, "--subject", "alice"}));
        // (Hadoop's local file system writes a hidden .crc beside each copy: listed as HIDDEN, not a photo.)
        String afterErasure = String.join("\n", RunOutputs.rejected(localRun.resolve("features")).stream()
                .filter(line -> !line.contains("\tHIDDEN\t")).toList());
        assertFalse(afterErasure.contains(photos.get(0)) || afterErasure.contains("copy.jpg"),
                "her photo is erased under every name, its copy's line included: " + afterErasure);
        org.apache.hadoop.fs.Path reupload = new org.apache.hadoop.fs.Path(moved, photos.get(1).split("/")[0] + "/again.jpg");
        FileUtil.copy(fs, new org.apache.hadoop.fs.Path(moved, photos.get(0)), fs, reupload, false, conf);
        out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(confs.get(), new String[] {"pipeline", "--input",
            moved.toString(), "--output", output, "--model", model, "--k", "3", "--incremental"})));
        assertTrue(out.contains("1 copy(ies) of erased photos left out (ERASED)"), out);
        assertFalse(vectors(localRun).containsKey(fs.makeQualified(reupload).toString()), "an erased photo came back under a new name");
        assertFalse(RunOutputs.rejected(localRun.resolve("features")).stream()
                .anyMatch(line -> line.contains("again.jpg") && !line.contains("\tHIDDEN\t")), "an erased photo listed by path");
    }

    private static Map<String, String> vectors(Path run) throws Exception {
        return new TreeMap<>(RunOutputs.labels(run.resolve("features")));
    }
}

package com.fruits.gdpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.pipeline.RunOutputs;
import com.fruits.pipeline.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subject manifests as Excel writes them (issue 33), on the local job runner and on S3 (S3Proxy): a French
 * Excel "CSV UTF-8" export (byte-order mark, ';', quoted header and values, CRLF) binds every photo to its
 * subject, a Windows path names its photo, a row naming no photo is reported at ingest, and no GDPR command
 * exits 0 while a photo the manifest gives to the subject may keep a row.
 */
@Tag("integration")
class ManifestAsOfficeToolsWriteItTest {
    @TempDir
    Path tmp;

    @Test
    void onTheLocalJobRunner() throws Exception {
        Path images = images();
        check(LocalJobConf.in(tmp), images.toString(), tmp.resolve("run").toString(), tmp.resolve("run"), images);
    }

    @Test
    void onS3() throws Exception {
        Path images = images();
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.createBucket("fruits-eu");
            Configuration conf = s3.configure(LocalJobConf.in(tmp));
            org.apache.hadoop.fs.Path input = s3.upload(conf, images, "s3a://fruits-eu/incoming");
            check(conf, input.toString(), "s3a://fruits-eu/runs/one", s3.bucketFolder("fruits-eu").resolve("runs/one"), images);
        }
    }

    private Path images() throws Exception {
        SharedData.model(); // skips, with the reason, when the model cannot be had
        Path images = tmp.resolve("images");
        SharedData.copyInto(SharedData.testSlice(2, 4), images);
        return images;
    }

    private void check(Configuration conf, String input, String output, Path localRun, Path images) throws Exception {
        List<String> photos;
        try (var files = Files.walk(images)) {
            photos = files.filter(Files::isRegularFile).map(f -> images.relativize(f).toString()).sorted().toList();
        }
        // alice: two photos, the second typed as on Windows; bob: one photo and one row with a typo.
        String typo = photos.get(2).replace(".jpg", "x.jpg");
        String manifest = "\uFEFF\"path\";\"subject_id\";\"collected_at\"\r\n"
                + "\"" + photos.get(0) + "\";\"alice\";\"2026-03-01\"\r\n"
                + "\"" + photos.get(1).replace('/', '\\') + "\";\"alice\";\"2026-03-01 10:15:00\"\r\n"
                + "\"" + photos.get(2) + "\";\"bob\";\"2026-03-02\"\r\n"
                + "\"" + typo + "\";\"bob\";\"2026-03-02\"\r\n";
        Path manifestFile = Files.write(tmp.resolve("subjects.csv"), manifest.getBytes(StandardCharsets.UTF_8));

        String err = ConsoleCapture.stderrOf(() -> assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline", "--input", input,
            "--output", output, "--model", SharedData.model().toString(), "--k", "3", "--subjects", manifestFile.toString()})));
        assertTrue(err.contains("1 row(s) of the manifest name no image under") && err.contains(typo), err);
        assertEquals(photos.size(), held(localRun).size());
        assertTrue(Files.readString(localRun.resolve("report.html")).contains("subject manifest rows naming no image"),
                "the run's report counts the row too");

        assertEquals(0, FruitsCli.run(conf, new String[] {"erase", "--runs", output, "--subject", "alice"}));
        Set<String> left = held(localRun);
        assertEquals(photos.size() - 2, left.size(), "alice's photos, one typed as on Windows, are all erased: " + left);
        assertFalse(left.stream().anyMatch(p -> p.endsWith(photos.get(0)) || p.endsWith(photos.get(1))), left.toString());

        // bob's typo names no photo of the run: his real photo goes, and the request is not called done.
        err = ConsoleCapture.stderrOf(() -> assertEquals(1, FruitsCli.run(conf, new String[] {"erase", "--runs", output,
            "--subject", "bob"})));
        assertTrue(err.contains("INCOMPLETE") && err.contains("never read") && err.contains(typo), err);
        assertEquals(photos.size() - 3, held(localRun).size());

        // A subject the runs hold nothing of: export exits 1, as erase does.
        err = ConsoleCapture.stderrOf(() -> assertEquals(1, FruitsCli.run(conf, new String[] {"export", "--runs", output,
            "--subject", "alice", "--output", tmp.resolve("export").toString()})));
        assertTrue(err.contains("has no image in the subject manifest"), err);
    }

    /** The photos with a row in the run's vectors, rejected list or projection. */
    private static Set<String> held(Path run) throws Exception {
        Set<String> paths = new TreeSet<>(RunOutputs.vectors(run.resolve("features")).keySet());
        paths.addAll(RunOutputs.projectedPaths(run.resolve("projected")));
        RunOutputs.rejected(run.resolve("features")).forEach(line -> paths.add(line.split("\t")[0]));
        return paths;
    }
}

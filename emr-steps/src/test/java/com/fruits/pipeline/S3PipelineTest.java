package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline from and to {@code s3a://} against a real S3 server (S3Proxy) on loopback, local job runner. */
@Tag("integration")
class S3PipelineTest {

    @TempDir
    Path tmp;

    @Test
    void pipelineReadsAndWritesS3ThroughTheS3ACommitter() throws Exception {
        Path local = tmp.resolve("images");
        List<Path> images = SharedData.testSlice(20, 4);
        SharedData.copyInto(images, local);
        Files.createDirectories(local.resolve("Fraise été"));
        // A photo of its own (a byte copy of another would be rejected as a DUPLICATE): the 21st label's first.
        Files.copy(SharedData.testSlice(21, 1).get(20), local.resolve("Fraise été/fraise été 1.jpg"));
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.createBucket("fruits-eu");
            Configuration conf = s3.configure(LocalJobConf.in(tmp));
            org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("s3a://fruits-eu/incoming/Test");
            FileSystem fs = input.getFileSystem(conf);
            // Through create() streams: S3A's bulk copyFromLocalFile sends a payload hash S3Proxy rejects.
            org.apache.hadoop.fs.FileUtil.copy(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(local.toUri()),
                    fs, input, false, conf);

            assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline", "--input", input.toString(),
                "--output", "s3a://fruits-eu/runs/one", "--model", SharedData.model().toString(), "--k", "10"}));

            org.apache.hadoop.fs.Path projected = new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/one/projected");
            assertEquals(images.size() + 1, ProjectedParquet.check(projected, conf, 10));
            // An S3A committer, not a rename, committed each output: its _SUCCESS is a JSON manifest.
            for (String dir : List.of("features", "projected")) {
                try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/one/" + dir + "/_SUCCESS"))) {
                    String success = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(success.contains("\"committer\":\"magic\""), dir + ": " + success);
                }
            }
            RemoteIterator<LocatedFileStatus> all = fs.listFiles(new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/"), true);
            while (all.hasNext()) {
                String key = all.next().getPath().toString();
                assertFalse(key.contains("__magic") || key.contains("_temporary"), "left behind: " + key);
            }

            // Erasure on S3: each affected object is written under a hidden key, then renamed over the old one.
            String strawberry = input + "/Fraise été/fraise été 1.jpg";
            assertEquals(0, FruitsCli.run(conf, new String[] {"erase", "--runs", "s3a://fruits-eu/runs/*", "--path", strawberry}));
            assertEquals(images.size(), ProjectedParquet.check(projected, conf, 10));
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/one/_gdpr/erasure-log.tsv")));
            RemoteIterator<LocatedFileStatus> after = fs.listFiles(new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/"), true);
            while (after.hasNext()) {
                String name = after.next().getPath().getName();
                assertFalse(name.endsWith(".rewrite"), "left behind: " + name);
            }
        }
    }

    @Test
    void refusesBucketsOutsideTheEu() throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        String err = PipelineToolTest.stderrOf(() -> assertEquals(2, FruitsCli.run(conf, new String[] {"pipeline",
            "--input", "s3a://photos-us/Test", "--output", "s3a://photos-us/runs/one",
            "--model", SharedData.model().toString()})));
        assertTrue(err.contains("Bucket photos-us is in region us-east-1, outside the EU"), err);
        conf.set("fs.s3a.endpoint.region", "eu-west-1");
        conf.set("fs.s3a.bucket.photos-uk.endpoint.region", "eu-west-2");
        err = PipelineToolTest.stderrOf(() -> assertEquals(2, FruitsCli.run(conf, new String[] {"featurize",
            "--input", "s3a://photos-uk/Test", "--output", "s3a://photos-uk/runs/one",
            "--model", SharedData.model().toString()})));
        assertTrue(err.contains("eu-west-2, outside the EU"), err);
    }
}

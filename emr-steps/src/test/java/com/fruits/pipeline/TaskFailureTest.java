package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.RunFolders;
import com.fruits.common.SharedData;
import com.fruits.featurize.FeaturizeJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A featurize task that dies mid-write on the local job runner (which does not retry): the job fails,
 * its committer publishes nothing, and the rerun holds each image exactly once.
 * The same on YARN, where the attempt is retried, is in {@code PipelineMiniClusterTest}.
 */
@Tag("job")
class TaskFailureTest {
    @TempDir
    Path tmp;

    @Test
    void failedTaskLeavesNoPartialOutputAndTheRerunHasEachImageOnce() throws Exception {
        Path images = tmp.resolve("images");
        SharedData.copyInto(SharedData.testSlice(10, 5), images);
        Configuration conf = LocalJobConf.in(tmp);
        conf.set("fruits.model", SharedData.model().toString());
        conf.setLong("mapreduce.input.fileinputformat.split.maxsize", Long.MAX_VALUE); // one map of 50 images
        org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(images.toUri());
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(tmp.resolve("run").toUri());

        conf.set("fruits.output", output.toString());
        try (RunFolders.Claim claim = RunFolders.output(conf, FeaturizeJob.OPTIONS)) { // as 'fruits featurize' does
            Job failing = FeaturizeJob.createJob(conf, input, new org.apache.hadoop.fs.Path(claim.folder(), RunFolders.FEATURES));
            failing.setMapperClass(FailingOnceFeaturizeMapper.class);
            assertFalse(failing.waitForCompletion(false));
        }
        try (Stream<Path> files = Files.walk(tmp.resolve("run"))) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("part-")
                    && !f.toString().contains("_temporary")).count(), "a failed job published vectors");
        }

        assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"featurize", "--input", images.toString(),
            "--output", tmp.resolve("run").toString(), "--model", SharedData.model().toString(), "--overwrite"}));
        assertEquals(50, RunOutputs.vectors(tmp.resolve("run/features")).size());
    }
}

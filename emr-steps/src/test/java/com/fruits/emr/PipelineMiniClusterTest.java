package com.fruits.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.MiniHadoopCluster;
import com.fruits.common.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on HDFS + YARN in-process: images on HDFS, the model shipped to the map containers
 * through the distributed cache, Parquet read back from HDFS.
 */
@Tag("integration")
class PipelineMiniClusterTest {

    @TempDir
    Path tmp;

    @Test
    void pipelineRunsOnHdfsAndYarn() throws Exception {
        Path local = tmp.resolve("images");
        List<Path> images = SharedData.testSlice(131, 2);
        SharedData.copyInto(images, local);
        try (MiniHadoopCluster cluster = new MiniHadoopCluster(tmp.resolve("cluster"))) {
            FileSystem hdfs = cluster.fileSystem();
            org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/data/fruits");
            hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), input);
            Configuration conf = cluster.conf();
            // Two map tasks, so that two containers each load the model from the cache.
            int exit = FruitsCli.run(conf, new String[] {"pipeline", "--input", "/data/fruits",
                "--output", "/runs/one", "--model", SharedData.model().toString(), "--k", "50",
                "--split-size", String.valueOf(600_000)});
            assertEquals(0, exit);
            org.apache.hadoop.fs.Path projected = new org.apache.hadoop.fs.Path("/runs/one/projected");
            assertEquals(images.size(), ProjectedParquet.check(projected, conf, 50));
            assertTrue(hdfs.globStatus(new org.apache.hadoop.fs.Path("/runs/one/features/part-m-*")).length >= 2,
                    "expected at least two featurize map tasks");
        }
    }
}

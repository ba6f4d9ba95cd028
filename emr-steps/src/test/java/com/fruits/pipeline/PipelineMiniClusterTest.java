package com.fruits.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.FruitsCli;
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
 * through the distributed cache, Parquet read back from HDFS; then the same from and to S3 (S3Proxy),
 * with a task attempt killed mid-write.
 */
@Tag("integration")
class PipelineMiniClusterTest {

    @TempDir
    Path tmp;

    private static AutoCloseable writeSite(Configuration settings, Path file) throws java.io.IOException {
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            settings.writeXml(out);
        }
        return () -> java.nio.file.Files.deleteIfExists(file);
    }

    @Test
    void pipelineRunsOnHdfsAndYarn() throws Exception {
        Path local = tmp.resolve("images");
        List<Path> images = SharedData.testSlice(131, 2);
        SharedData.copyInto(images, local);
        // The NodeManager localises cache files with a Configuration of its own, read from core-site.xml
        // on the classpath (as on EMR): give it the S3 endpoint there for the length of the test.
        Path coreSite = Path.of(PipelineMiniClusterTest.class.getResource("/").toURI()).resolve("core-site.xml");
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"));
             AutoCloseable site = writeSite(s3.configure(new Configuration(false)), coreSite);
             MiniHadoopCluster cluster = new MiniHadoopCluster(tmp.resolve("cluster"), s3.configure(new Configuration()))) {
            FileSystem hdfs = cluster.fileSystem();
            org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("data/fruits");
            hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), input);
            Configuration conf = cluster.conf();
            // Two map tasks, so that two containers each load the model from the cache.
            int exit = FruitsCli.run(conf, new String[] {"pipeline", "--input", "data/fruits",
                "--output", "runs/one", "--model", SharedData.model().toString(), "--k", "50",
                "--split-size", String.valueOf(600_000)});
            assertEquals(0, exit);
            org.apache.hadoop.fs.Path projected = new org.apache.hadoop.fs.Path("runs/one/projected");
            assertEquals(images.size(), ProjectedParquet.check(projected, conf, 50));
            assertTrue(hdfs.globStatus(new org.apache.hadoop.fs.Path("runs/one/features/part-m-*.parquet")).length >= 2,
                    "expected at least two featurize map tasks");

            // A featurize attempt that dies after writing its first batch is retried: each image once.
            Configuration retrying = cluster.conf();
            retrying.setInt("mapreduce.map.maxattempts", 2);
            retrying.set("fruits.model", SharedData.model().toString());
            retrying.setLong("mapreduce.input.fileinputformat.split.maxsize", 600_000);
            org.apache.hadoop.mapreduce.Job featurize = com.fruits.featurize.FeaturizeJob.createJob(retrying, input,
                    new org.apache.hadoop.fs.Path("runs/retried-features"));
            featurize.setMapperClass(FailingOnceFeaturizeMapper.class);
            assertTrue(featurize.waitForCompletion(false));
            assertTrue(featurize.getCounters().findCounter(
                    org.apache.hadoop.mapreduce.JobCounter.NUM_FAILED_MAPS).getValue() >= 1, "no attempt failed");
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (org.apache.hadoop.fs.Path part : com.fruits.common.FeatureFiles.list(conf,
                    hdfs.makeQualified(new org.apache.hadoop.fs.Path("runs/retried-features")))) {
                com.fruits.common.FeatureFiles.read(conf, part, row -> assertTrue(keys.add(row.path()), "written twice: " + row.path()));
            }
            assertEquals(images.size(), keys.size());

            // The same on S3 (S3Proxy on loopback): images and every output on s3a://, YARN containers as clients.
            {
                s3.createBucket("fruits-eu");
                Configuration s3conf = cluster.conf();
                org.apache.hadoop.fs.Path s3input = new org.apache.hadoop.fs.Path("s3a://fruits-eu/incoming");
                List<Path> few = images.subList(0, 40);
                Path fewLocal = tmp.resolve("few");
                SharedData.copyInto(few, fewLocal);
                org.apache.hadoop.fs.FileUtil.copy(FileSystem.getLocal(s3conf),
                        new org.apache.hadoop.fs.Path(fewLocal.toUri()), s3input.getFileSystem(s3conf), s3input, false, s3conf);
                assertEquals(0, FruitsCli.run(s3conf, new String[] {"pipeline", "--input", s3input.toString(),
                    "--output", "s3a://fruits-eu/runs/yarn", "--model", SharedData.model().toString(), "--k", "10"}));
                assertEquals(few.size(), ProjectedParquet.check(
                        new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/yarn/projected"), s3conf, 10));

                // A task attempt that dies mid-write and is retried leaves each row exactly once.
                s3conf.setInt("mapreduce.map.maxattempts", 2);
                org.apache.hadoop.mapreduce.Job retried = com.fruits.pca.ProjectionJob.createJob(s3conf,
                        new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/yarn/features"),
                        new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/yarn/pca"),
                        new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/yarn/projected-retried"));
                retried.setMapperClass(FailingOnceProjectionMapper.class);
                assertTrue(retried.waitForCompletion(true));
                assertTrue(retried.getCounters().findCounter(
                        org.apache.hadoop.mapreduce.JobCounter.NUM_FAILED_MAPS).getValue() >= 1, "no attempt failed");
                assertEquals(few.size(), ProjectedParquet.check(
                        new org.apache.hadoop.fs.Path("s3a://fruits-eu/runs/yarn/projected-retried"), s3conf, 10));
            }
        }
    }
}

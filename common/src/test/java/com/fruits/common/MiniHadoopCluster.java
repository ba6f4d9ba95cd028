package com.fruits.common;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapred.MiniMRClientCluster;
import org.apache.hadoop.mapred.MiniMRClientClusterFactory;

/**
 * HDFS (one DataNode) and YARN with MapReduce (one NodeManager) in this JVM, for the integration
 * tier. Containers get room for a TensorFlow model: 3 GB maps, memory checks off.
 */
public final class MiniHadoopCluster implements AutoCloseable {
    private final MiniDFSCluster dfs;
    private final MiniMRClientCluster mr;

    public MiniHadoopCluster(Path baseDir) throws IOException {
        this(baseDir, new Configuration());
    }

    /** A cluster whose daemons also get {@code base}'s settings (the NodeManagers localise from S3 with them). */
    public MiniHadoopCluster(Path baseDir, Configuration base) throws IOException {
        Configuration conf = new Configuration(base);
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.resolve("hdfs").toString());
        conf.set("hadoop.tmp.dir", baseDir.resolve("tmp").toString());
        // Without these each small-file close waits 400 ms for the block report (a minute for 262 images).
        conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        conf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
        conf.setInt("yarn.nodemanager.resource.memory-mb", 12288);
        conf.setInt("yarn.scheduler.maximum-allocation-mb", 12288);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setInt("mapreduce.map.memory.mb", 3072);
        conf.set("mapreduce.map.java.opts", "-Xmx1g");
        conf.setInt("yarn.app.mapreduce.am.resource.mb", 1024);
        mr = MiniMRClientClusterFactory.create(MiniHadoopCluster.class, 1, conf);
    }

    /** A client configuration for jobs on this cluster (default file system: its HDFS). */
    public Configuration conf() throws IOException {
        return new Configuration(mr.getConfig());
    }

    public FileSystem fileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    @Override
    public void close() throws IOException {
        try {
            mr.stop();
        } finally {
            dfs.shutdown(true);
        }
    }
}

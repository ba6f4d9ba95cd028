package com.fruits.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code fruits-suite.jar} the way a cluster runs it: HDFS + YARN started by Hadoop's own
 * launcher ({@code MiniHadoopClusterManager}) in a JVM of its own, with Hadoop's jars only; the jar
 * submitted from another process through Hadoop's {@code RunJar}, as {@code hadoop jar} does, so the
 * cluster's Hadoop classes come first and the jar's after, in the client and in every container (a
 * MiniYARNCluster gives containers the submitting JVM's classpath, then the job jar). Any class the jar
 * bundles that clashes with Hadoop 3.4's own fails the pipeline here.
 */
@Tag("integration")
class ClusterClasspathIT {
    private static final int IMAGES = 24;
    /** The run's folder on HDFS, relative: under the submitting user's home there, as a client resolves it. */
    private static final String RUN = "runs/classpath";

    @TempDir
    Path tmp;

    /** Hadoop's jars as a cluster node has them: the test classpath less what the job jar bundles. */
    private static String clusterClasspath() throws Exception {
        Set<String> bundled = new LinkedHashSet<>(Arrays.asList(
                Files.readString(Path.of(System.getProperty("fruits.bundled.classpath"))).strip().split(File.pathSeparator)));
        List<String> cluster = new ArrayList<>();
        for (String entry : Files.readString(Path.of(System.getProperty("fruits.test.classpath"))).strip().split(File.pathSeparator)) {
            if ((!bundled.contains(entry) || sharedWithHadoop(entry)) && !entry.contains("fruits-")) {
                cluster.add(entry);
            }
        }
        return String.join(File.pathSeparator, cluster);
    }

    /**
     * Libraries Hadoop itself ships that the jar's dependencies also pull in (commons-lang3 through jhdf,
     * Jackson, SLF4J, Guava): a cluster node has its own copy, so the cluster side keeps them.
     */
    private static boolean sharedWithHadoop(String entry) {
        return entry.contains("/org/apache/commons/") || entry.contains("/commons-") || entry.contains("/com/fasterxml/")
                || entry.contains("/org/slf4j/") || entry.contains("/com/google/guava/");
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process java(Path log, String classpath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        command.addAll(Arrays.asList(System.getProperty("fruits.jvm.opens").split(" ")));
        command.addAll(List.of("-cp", classpath));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void theJobJarRunsThePipelineWithTheClustersHadoopJarsFirst() throws Exception {
        String classpath = clusterClasspath();
        assertTrue(!classpath.contains("tensorflow") && !classpath.contains("parquet-hadoop"),
                "the cluster's classpath must not hold what the job jar brings");
        Path clusterConf = tmp.resolve("cluster-site.xml");
        Path clusterLog = tmp.resolve("cluster.log");
        Process cluster = java(clusterLog, classpath, "org.apache.hadoop.mapreduce.MiniHadoopClusterManager",
                "-datanodes", "1", "-nodemanagers", "1", "-format", "-writeConfig", clusterConf.toString(),
                // The written configuration holds the ports asked for (port 0 would be written as 0).
                "-rmport", String.valueOf(freePort()), "-jhsport", String.valueOf(freePort()),
                "-D", "hadoop.tmp.dir=" + tmp.resolve("cluster-tmp"),
                "-D", "yarn.nodemanager.resource.memory-mb=6144", "-D", "yarn.scheduler.maximum-allocation-mb=6144",
                "-D", "yarn.nodemanager.vmem-check-enabled=false");
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            while (!Files.exists(clusterConf) || Files.size(clusterConf) == 0) {
                assertTrue(cluster.isAlive() && System.currentTimeMillis() < deadline,
                        "the cluster did not start:\n" + Files.readString(clusterLog));
                Thread.sleep(500);
            }
            Thread.sleep(1000); // the launcher writes the file, then returns to waiting

            Path input = tmp.resolve("photos");
            SharedData.copyInto(SharedData.testSlice(4, IMAGES / 4), input);
            Path clientLog = tmp.resolve("client.log");
            Path log4j = Path.of(System.getProperty("fruits.jar")).getParent().getParent().getParent()
                    .resolve("conf/log4j.properties");
            Path cache = tmp.resolve("client-cache");
            Process client = java(clientLog, classpath, "-Dlog4j.configuration=" + log4j.toUri(), "-Dfruits.cache.dir=" + cache,
                    "org.apache.hadoop.util.RunJar", System.getProperty("fruits.jar"),
                    "pipeline", "--verbose", "-conf", clusterConf.toString(), "-D", "mapreduce.framework.name=yarn",
                    // What a real node's yarn.application.classpath does ($HADOOP_HOME's jars for every
                    // container): a mini cluster hands containers the submitting JVM's classpath instead.
                    "-D", "yarn.is.minicluster=true", "--input", input.toUri().toString(),
                    "--output", RUN, "--model", SharedData.model().toString(), "--k", "5");
            assertTrue(client.waitFor(15, TimeUnit.MINUTES), "the pipeline did not end");
            String printed = Files.readString(clientLog);
            assertEquals(0, client.exitValue(), printed);
            // On YARN, not on the local job runner: three applications, one per job (--verbose shows Hadoop's job log).
            assertEquals(3, printed.lines().filter(l -> l.contains("The url to track the job: http://localhost:8088/proxy/application_"))
                    .count(), printed);
            assertTrue(!printed.contains("job_local"), printed);
            assertTrue(printed.contains("read " + IMAGES + " = featurized " + IMAGES + " + rejected 0"), printed);

            Configuration conf = new Configuration(false);
            conf.addResource(new org.apache.hadoop.fs.Path(clusterConf.toUri()));
            FileSystem hdfs = FileSystem.get(conf);
            long rows = 0;
            for (FileStatus part : hdfs.globStatus(new org.apache.hadoop.fs.Path(RUN, "projected/part-*.parquet"))) {
                rows += ParquetGroups.read(part.getPath(), conf).size();
            }
            assertEquals(IMAGES, rows);
            // The covariance and projection jobs shipped the suite jar without the inference engines.
            long suiteJar = Files.size(Path.of(System.getProperty("fruits.jar")));
            try (var made = Files.list(cache.resolve("jobjars"))) {
                List<Path> jars = made.filter(f -> f.getFileName().toString().endsWith("-no-engines.jar")).toList();
                assertEquals(1, jars.size(), jars.toString());
                assertTrue(Files.size(jars.get(0)) < suiteJar / 3, Files.size(jars.get(0)) + " of " + suiteJar + " bytes");
            }
        } finally {
            cluster.destroy();
            if (!cluster.waitFor(30, TimeUnit.SECONDS)) {
                cluster.destroyForcibly();
            }
        }
    }
}

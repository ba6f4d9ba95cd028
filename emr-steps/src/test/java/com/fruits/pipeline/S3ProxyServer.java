package com.fruits.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server on loopback for the tests: S3Proxy (from Maven Central) with a
 * filesystem blob store, started as a child process, stopped on close. Buckets are folders.
 */
public final class S3ProxyServer implements AutoCloseable {
    static final String REGION = "eu-west-3";
    private static final String IDENTITY = "fruits-test";
    private static final String CREDENTIAL = "fruits-test-secret";

    private final Path blobs;
    private final int port;
    private final Process process;

    public S3ProxyServer(Path baseDir) throws IOException, InterruptedException {
        blobs = Files.createDirectories(baseDir.resolve("blobs"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path properties = baseDir.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs));
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy's jar is missing at " + jar + "; run the tests through Maven");
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(baseDir.resolve("s3proxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!accepting()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                close();
                throw new IllegalStateException("S3Proxy did not start; see " + baseDir.resolve("s3proxy.log"));
            }
            Thread.sleep(200);
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public void createBucket(String name) throws IOException {
        Files.createDirectories(blobs.resolve(name));
    }

    /**
     * Copies a local folder to {@code target} (an {@code s3a://} folder of a bucket of this server) through
     * create() streams: S3A's bulk copyFromLocalFile sends a payload hash S3Proxy rejects.
     */
    public org.apache.hadoop.fs.Path upload(Configuration conf, Path local, String target) throws IOException {
        org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target);
        org.apache.hadoop.fs.FileUtil.copy(org.apache.hadoop.fs.FileSystem.getLocal(conf),
                new org.apache.hadoop.fs.Path(local.toUri()), to.getFileSystem(conf), to, false, conf);
        return to;
    }

    /** The folder where this server keeps a bucket's objects as plain files (to read outputs directly). */
    public Path bucketFolder(String bucket) {
        return blobs.resolve(bucket);
    }

    /** S3A settings that reach this server (EU region, path-style, plain HTTP on loopback). */
    public Configuration configure(Configuration conf) {
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        conf.set("fs.s3a.endpoint.region", REGION);
        conf.setBoolean("fs.s3a.path.style.access", true);
        conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", IDENTITY);
        conf.set("fs.s3a.secret.key", CREDENTIAL);
        // Each test starts its own server on another port: never reuse a cached client of an earlier one.
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        conf.setInt("fs.s3a.attempts.maximum", 2);
        conf.setInt("fs.s3a.retry.limit", 2);
        return conf;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.fruits.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command at a time in a folder: {@code _FRUITS_LOCK} names its holder (host, process, start)
 * and a heartbeat the holder renews. A lock whose process is gone (same host) or whose heartbeat is
 * older than {@code fruits.lock.stale.after} is stale: it was left by a killed run and is taken over.
 * Created exclusively (O_EXCL locally, the NameNode's create-if-absent on HDFS); S3 has no such
 * primitive, so two runs started in the same instant on one S3 folder are not excluded.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "_FRUITS_LOCK";
    public static final String STALE_AFTER = "fruits.lock.stale.after";
    private static final long HEARTBEAT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final FileSystem fs;
    private final Path file;
    private final Properties holder;
    private final ScheduledExecutorService heartbeat;

    private RunLock(FileSystem fs, Path file, Properties holder) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fruits-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Takes the lock of {@code dir} for {@code command}, or refuses in one sentence while a live run holds it. */
    public static RunLock acquire(Configuration conf, Path dir, String command) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        Path file = new Path(dir, FILE);
        Properties me = new Properties();
        me.setProperty("id", UUID.randomUUID().toString());
        me.setProperty("command", command);
        me.setProperty("host", host());
        me.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        me.setProperty("started", Instant.now().toString());
        me.setProperty("heartbeat", Instant.now().toString());
        for (int attempt = 0; attempt < 2; attempt++) {
            if (createExclusively(fs, file, me)) {
                return new RunLock(fs, file, me);
            }
            Properties other = read(fs, file);
            if (other == null) {
                continue; // released between our two calls
            }
            String staleBecause = staleBecause(other, conf);
            if (staleBecause == null) {
                throw inUse(dir, file, other);
            }
            System.err.println("fruits: taking over the lock of an earlier run (" + describe(other) + "): " + staleBecause
                    + "; its unfinished work is detected and redone.");
            fs.delete(file, false);
        }
        throw new UsageException("Could not lock " + dir + ": another run took it at the same moment");
    }

    /**
     * Refuses at once, before any costly check, when a live run holds {@code dir}; taking the lock
     * ({@link #acquire}) is still what excludes a second run.
     */
    public static void checkFree(Configuration conf, Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        Path file = new Path(dir, FILE);
        Properties other = fs.exists(file) ? read(fs, file) : null;
        if (other != null && staleBecause(other, conf) == null) {
            throw inUse(dir, file, other);
        }
    }

    private static UsageException inUse(Path dir, Path file, Properties holder) {
        return new UsageException(dir + " is in use by another fruits run (" + describe(holder)
                + "); wait for it to end, or, if no such run is alive, delete " + file);
    }

    /** Why the holder is gone, or null when it may still be alive. */
    static String staleBecause(Properties holder, Configuration conf) {
        if (host().equals(holder.getProperty("host"))) {
            try {
                long pid = Long.parseLong(holder.getProperty("pid", "-1"));
                if (ProcessHandle.of(pid).isEmpty()) {
                    return "its process " + pid + " is no longer running";
                }
            } catch (NumberFormatException e) {
                return "its lock file is unreadable";
            }
        }
        Duration staleAfter = Duration.ofSeconds(conf.getTimeDuration(STALE_AFTER, 600, TimeUnit.SECONDS));
        try {
            Instant beat = Instant.parse(holder.getProperty("heartbeat"));
            if (beat.plus(staleAfter).isBefore(Instant.now())) {
                return "its last heartbeat was at " + beat + ", more than " + staleAfter.toSeconds() + " s ago";
            }
        } catch (RuntimeException e) {
            return "its lock file is unreadable";
        }
        return null;
    }

    private static String describe(Properties p) {
        return "'" + p.getProperty("command") + "', process " + p.getProperty("pid") + " on " + p.getProperty("host")
                + ", started " + p.getProperty("started");
    }

    private static boolean createExclusively(FileSystem fs, Path file, Properties content) throws IOException {
        byte[] bytes = bytes(content);
        if ("file".equals(fs.getUri().getScheme())) {
            java.nio.file.Path local = Paths.get(file.toUri().getPath());
            try {
                Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static Properties read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static byte[] bytes(Properties p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "fruits run lock: delete only if this run is no longer alive");
        return out.toByteArray();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private void beat() {
        try {
            Properties now = read(fs, file);
            if (now != null && holder.getProperty("id").equals(now.getProperty("id"))) {
                holder.setProperty("heartbeat", Instant.now().toString());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(bytes(holder));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not renew the lock {}: {}", file, e.toString());
        }
    }

    /** Releases the lock if it is still ours. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        Properties now = read(fs, file);
        if (now != null && holder.getProperty("id").equals(now.getProperty("id"))) {
            fs.delete(file, false);
        }
    }
}

package com.fruits.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks a command's input and output folders before any job is submitted, in one clear sentence each,
 * and claims the output: {@code _FRUITS_OUTPUT} marks a folder as written by the suite (only such a
 * folder is ever deleted by {@code --overwrite}) and records whether its command completed;
 * {@link RunLock} keeps a second command out while the first works in it.
 */
public final class RunFolders {
    public static final String MARKER = "_FRUITS_OUTPUT";
    /** A run's vectors: Parquet of path, label and the 1280 features. */
    public static final String FEATURES = "features";
    /** Beside the vectors: the files that could not be read, as tab-separated path, reason, bytes, detail. */
    public static final String REJECTED = "rejected";
    /** The PCA model of a run. */
    public static final String PCA = "pca";
    /** The projected vectors: Parquet of path, label and the k PCA coordinates. */
    public static final String PROJECTED = "projected";
    /** Left by an erasure that removed vectors from a run with its own PCA: the next incremental run refits it. */
    public static final String PCA_REFIT_PENDING = Tombstones.DIR + "/pca-refit.pending";
    static final String STATE = "state";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    /** Names the suite and Hadoop's committers write into folders: under an input, they are markers, not photos. */
    private static final java.util.Set<String> MARKERS = java.util.Set.of("_SUCCESS", MARKER, RunLock.FILE,
            Lineage.FILE, "_inputs", Tombstones.DIR, "_rejected", "_temporary", "_logs");

    private RunFolders() {
    }

    /** The input folder, qualified; a {@link UsageException} when it does not exist. */
    public static Path input(Configuration conf) throws IOException {
        Path input = new Path(RunConfigKeys.INPUT.require(conf));
        EuRegionGuard.check(input, conf);
        FileSystem fs = input.getFileSystem(conf);
        if (!fs.exists(input)) {
            throw new UsageException("The input " + input + " does not exist"
                    + (input.toString().contains("fruits-360")
                    ? "; get the Fruits-360 images as README.md says ('Getting the images and the model')" : ""));
        }
        return fs.makeQualified(input);
    }

    /**
     * Refuses at once, before the model check that takes seconds, an output that overlaps what the command
     * reads or that a live run holds; {@link #output} checks both again when it claims the folder.
     */
    public static void checkOutputFree(Configuration conf, CommandOptions command) throws IOException {
        Path output = new Path(RunConfigKeys.OUTPUT.require(conf));
        output = output.getFileSystem(conf).makeQualified(output);
        checkApart(conf, command, output);
        checkWritable(output);
        RunLock.checkFree(conf, output);
        FileSystem fs = output.getFileSystem(conf);
        FileStatus existing = status(fs, output);
        if (existing != null) {
            refuseExisting(conf, fs, output, existing);
        }
    }

    /**
     * The refusals of an existing output: a file, a folder fruits did not write, or (without
     * {@code --incremental} or {@code --overwrite}) any earlier run. Returns whether it holds anything.
     */
    private static boolean refuseExisting(Configuration conf, FileSystem fs, Path output, FileStatus existing) throws IOException {
        if (!existing.isDirectory()) {
            throw new UsageException("The output " + output + " is a file, not a folder; choose another --output");
        }
        boolean empty = otherThanLock(fs, output).isEmpty();
        if (!empty && !isOurs(fs, output)) {
            throw new UsageException("The output " + output + " holds files that fruits did not write (no " + MARKER
                    + " marker); fruits never deletes or adds to such a folder, so choose another --output");
        }
        if (!empty && !RunConfigKeys.INCREMENTAL.getBoolean(conf) && !RunConfigKeys.OVERWRITE.getBoolean(conf)) {
            throw new UsageException("The output " + output + (isComplete(conf, output)
                    ? " already exists; choose another --output or add --overwrite to replace it"
                    : " holds an unfinished run (killed or failed); resume it with --incremental, or replace it with --overwrite"));
        }
        return !empty;
    }

    /**
     * On the local file system, refuses an output that cannot be created or written (a read-only file
     * system, a folder without write permission) in one sentence; elsewhere {@link #output} finds out.
     */
    private static void checkWritable(Path output) {
        if (!"file".equals(output.toUri().getScheme())) {
            return;
        }
        java.nio.file.Path local = Paths.get(output.toUri().getPath()).toAbsolutePath();
        while (local != null && !Files.exists(local)) {
            local = local.getParent();
        }
        if (local != null && (!Files.isDirectory(local) || !Files.isWritable(local))) {
            throw notWritable(output, local + (Files.isDirectory(local) ? " is read-only (permission or file system)"
                    : " is a file, not a folder"));
        }
    }

    private static UsageException notWritable(Path output, String why) {
        return new UsageException("The output " + output + " cannot be written: " + why + "; choose another --output");
    }

    /** A claimed output folder: locked for this command until closed; {@link #complete()} marks its work done. */
    public record Claim(Path folder, RunLock lock, Configuration conf, boolean wasComplete) implements AutoCloseable {
        /** Records that the command's outputs are all committed and consistent. */
        public void complete() throws IOException {
            writeMarker(conf, folder, COMPLETE);
        }

        @Override
        public void close() throws IOException {
            lock.close();
        }
    }

    /**
     * Claims the output folder for {@code command}. A new folder is created with the marker and the lock.
     * An existing one is refused unless {@code --incremental} (added to; it must be the suite's) or
     * {@code --overwrite} (emptied; only when the suite wrote it) was given. In every case the output may
     * not be, contain or lie inside anything the command reads, on any file system.
     */
    public static Claim output(Configuration conf, CommandOptions command) throws IOException {
        Path output = new Path(RunConfigKeys.OUTPUT.require(conf));
        EuRegionGuard.check(output, conf);
        FileSystem fs = output.getFileSystem(conf);
        output = fs.makeQualified(output);
        checkApart(conf, command, output);
        FileStatus existing = status(fs, output);
        boolean incremental = RunConfigKeys.INCREMENTAL.getBoolean(conf);
        boolean empty = existing == null || !refuseExisting(conf, fs, output, existing);
        RunLock lock;
        try {
            if (!fs.mkdirs(output)) {
                throw notWritable(output, "the folder could not be created");
            }
            lock = RunLock.acquire(conf, output, command.command());
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException
                 | java.nio.file.ReadOnlyFileSystemException | org.apache.hadoop.security.AccessControlException e) {
            throw notWritable(output, "permission denied or a read-only file system (" + e.getClass().getSimpleName() + ")");
        }
        boolean wasComplete;
        try {
            wasComplete = !empty && isComplete(conf, output);
            if (!empty && !incremental) {
                for (FileStatus child : fs.listStatus(output)) {
                    // The erasure log and the tombstones outlive a rebuild: an erased photo still in the
                    // input must not come back because the run was made again.
                    String name = child.getPath().getName();
                    if (!name.equals(RunLock.FILE) && !name.equals(Tombstones.DIR)) {
                        fs.delete(child.getPath(), true);
                    }
                }
            }
            writeMarker(conf, output, RUNNING);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new Claim(output, lock, conf, wasComplete);
    }

    /**
     * Refuses an output that is, contains or lies inside a folder or file the command reads (the options
     * that {@link ConfigKey#namesInput name an input}).
     */
    static void checkApart(Configuration conf, CommandOptions command, Path output) throws IOException {
        String out = canonical(conf, output);
        for (ConfigKey key : command.keys()) {
            if (!key.namesInput()) {
                continue;
            }
            String value = key.get(conf);
            if (value == null || value.isBlank()) {
                continue;
            }
            Path read = new Path(value);
            String in = canonical(conf, read.getFileSystem(conf).makeQualified(read));
            String relation = out.equals(in) ? "is" : in.startsWith(out + "/") ? "contains"
                    : out.startsWith(in + "/") ? "lies inside" : null;
            if (relation != null) {
                throw new UsageException("The output " + output + " " + relation + " --" + key.flag() + " " + value
                        + "; the output must be a folder of its own, apart from what the command reads");
            }
        }
    }

    /** The qualified path as a string without a trailing slash; on the local file system, with symbolic links resolved. */
    private static String canonical(Configuration conf, Path qualified) throws IOException {
        String text = qualified.toString();
        if ("file".equals(qualified.toUri().getScheme())) {
            java.nio.file.Path local = Paths.get(qualified.toUri().getPath()).toAbsolutePath().normalize();
            java.nio.file.Path missing = Paths.get("");
            while (local != null && !Files.exists(local)) {
                missing = local.getFileName().resolve(missing);
                local = local.getParent();
            }
            text = "file:" + (local == null ? Paths.get("/") : local.toRealPath()).resolve(missing);
        }
        return text.endsWith("/") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
    }

    /** True for a name the suite or Hadoop's committers write beside their outputs ({@code _batch-*} too). */
    public static boolean isMarker(String name) {
        return MARKERS.contains(name) || name.startsWith("_batch-");
    }

    /** The folder's state ({@link #RUNNING}, {@link #COMPLETE}), or null without a marker. */
    public static String state(Configuration conf, Path folder) throws IOException {
        Properties marker = readMarker(conf, folder);
        return marker == null ? null : marker.getProperty(STATE);
    }

    /** Records the folder's state in its marker (a folder without one gets one). */
    public static void setState(Configuration conf, Path folder, String state) throws IOException {
        writeMarker(conf, folder, state);
    }

    /** Written by the suite: it carries the marker, or it is a run of an earlier version (lineage beside its vectors). */
    public static boolean isOurs(FileSystem fs, Path folder) throws IOException {
        return fs.exists(new Path(folder, MARKER)) || fs.exists(new Path(folder, Lineage.FILE))
                || fs.exists(new Path(folder, "features/" + Lineage.FILE));
    }

    /** The command that wrote the folder completed (a run of an earlier version, without a marker, counts as complete). */
    public static boolean isComplete(Configuration conf, Path folder) throws IOException {
        Properties marker = readMarker(conf, folder);
        return marker == null ? isOurs(folder.getFileSystem(conf), folder) : COMPLETE.equals(marker.getProperty(STATE));
    }

    private static Properties readMarker(Configuration conf, Path folder) throws IOException {
        Path file = new Path(folder, MARKER);
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(file)) {
            p.load(in);
        }
        return p;
    }

    private static void writeMarker(Configuration conf, Path folder, String state) throws IOException {
        Properties p = readMarker(conf, folder);
        if (p == null) {
            p = new Properties();
            p.setProperty("created", Instant.now().toString());
            p.setProperty("suite.version", Lineage.suiteVersion());
        }
        p.setProperty(STATE, state);
        p.setProperty("updated", Instant.now().toString());
        Path file = new Path(folder, MARKER);
        try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
            p.store(out, "written by the fruits suite: this folder is its output (state: running or complete)");
        }
    }

    /**
     * For an output format's {@code checkOutputSpecs}: the job's output folder was claimed for it (marker
     * and lock, nothing else), so it may exist; any other existing folder is refused as Hadoop does.
     */
    public static boolean claimedForJob(org.apache.hadoop.mapreduce.JobContext job, Path jobOutput) throws IOException {
        if (jobOutput == null || !claimed(job.getConfiguration(), jobOutput)) {
            return false;
        }
        // What FileOutputFormat's own check does besides refusing an existing folder.
        org.apache.hadoop.mapreduce.security.TokenCache.obtainTokensForNamenodes(job.getCredentials(),
                new Path[] {jobOutput}, job.getConfiguration());
        return true;
    }

    private static boolean claimed(Configuration conf, Path jobOutput) throws IOException {
        FileSystem fs = jobOutput.getFileSystem(conf);
        if (!fs.exists(new Path(jobOutput, MARKER))) {
            return false;
        }
        for (FileStatus child : fs.listStatus(jobOutput)) {
            String name = child.getPath().getName();
            if (!name.equals(MARKER) && !name.equals(RunLock.FILE) && !name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static List<FileStatus> otherThanLock(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus child : fs.listStatus(dir)) {
            if (!child.getPath().getName().equals(RunLock.FILE)) {
                out.add(child);
            }
        }
        return out;
    }
}

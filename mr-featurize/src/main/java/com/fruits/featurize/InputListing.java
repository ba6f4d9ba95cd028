package com.fruits.featurize;

import com.fruits.common.RunFolders;
import com.fruits.common.Tombstones;
import com.fruits.common.UsageException;
import com.fruits.featurize.ImageLabels;
import com.fruits.featurize.RejectReason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every entry under an input folder, each accounted for once: a file to read, or a rejection with its
 * reason (no label, a name the outputs cannot carry, a dangling link, a second name of a file already
 * listed, not a regular file, unreadable). Symbolic links are followed once: a folder reached again by
 * its real path (a link loop) is walked only the first time. Hidden entries and the suite's own markers
 * are skipped with their reason (a photo named {@code _DSC0001.jpg} is a photo); an image erased from the
 * run ({@link Tombstones}) is left out and only counted, so that its path is written nowhere again.
 * On the local file system the walk uses java.nio, which keeps a name's raw bytes, so a name that is
 * not valid UTF-8 is still found and named, percent-encoded, instead of vanishing.
 */
final class InputListing {
    /**
     * One listed entry: a file to read (its length and modification time), or a rejection. A local file's
     * {@link FileStatus} is made, and its readability checked, only when asked for: an incremental run asks
     * only for the files that are new to it, not for the thousands it read before.
     */
    static final class Entry {
        private final String path;
        private final long length;
        private final long modified;
        private final RejectReason reason;
        private final String detail;
        private final java.nio.file.Path local;
        private FileStatus file;

        private Entry(String path, long length, long modified, java.nio.file.Path local, FileStatus file) {
            this(path, length, modified, null, null, local, file);
        }

        private Entry(String path, long length, long modified, RejectReason reason, String detail,
                      java.nio.file.Path local, FileStatus file) {
            this.path = path;
            this.length = length;
            this.modified = modified;
            this.reason = reason;
            this.detail = detail;
            this.local = local;
            this.file = file;
        }

        static Entry rejection(String path, RejectReason reason, String detail) {
            return new Entry(path, -1, -1, reason, detail.replaceAll("[\t\n\r]", " "), null, null);
        }

        String path() {
            return path;
        }

        RejectReason reason() {
            return reason;
        }

        String detail() {
            return detail;
        }

        /** The file to read, or null for a rejection. */
        FileStatus file() {
            if (reason == null && file == null) {
                file = new FileStatus(length, false, 1, BLOCK, modified, new Path(path));
            }
            return reason == null ? file : null;
        }

        String identity() {
            return reason == null ? length + "\t" + modified : "rejected\t" + reason.name();
        }

        /** This entry, or its rejection when it is a local file this user cannot read. */
        Entry checked() {
            return reason == null && local != null && !Files.isReadable(local)
                    ? rejection(path, RejectReason.UNREADABLE, "permission denied") : this;
        }
    }

    private static final long BLOCK = 32L << 20;
    private final String root;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private final Set<java.nio.file.Path> realFolders = new HashSet<>();
    private final Map<String, String> realFiles = new HashMap<>();
    private final Tombstones tombstones;
    private long erased;

    private InputListing(String root, Tombstones tombstones) {
        this.root = root;
        this.tombstones = tombstones;
    }

    /** Lists {@code input} (a folder, qualified) recursively, in path order, leaving out what was erased. */
    static InputListing of(Configuration conf, Path input, Tombstones tombstones) throws IOException {
        FileSystem fs = input.getFileSystem(conf);
        InputListing listing = new InputListing(input.toString(), tombstones);
        if ("file".equals(input.toUri().getScheme())) {
            java.nio.file.Path dir = Paths.get(input.toUri().getPath());
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--input " + input + " is not a folder of <Label>/<image> files");
            }
            java.nio.file.Path real = dir.toRealPath();
            listing.realFolders.add(real);
            listing.walkLocal(dir, real, true);
        } else {
            FileStatus status = fs.getFileStatus(input);
            if (!status.isDirectory()) {
                throw new UsageException("--input " + input + " is not a folder of <Label>/<image> files");
            }
            listing.walk(fs, input);
        }
        listing.entries.sort(Comparator.comparing(Entry::path));
        return listing;
    }

    List<Entry> entries() {
        return entries;
    }

    /** How many images were left out because they were erased from the run. */
    long erased() {
        return erased;
    }

    /** Links to folders already walked (loops), skipped: "link -> real folder". */
    List<String> loops() {
        return loops;
    }

    /**
     * Walks {@code dir}, whose real path is {@code realDir}. One lstat per entry: only a symbolic link is
     * followed (stat, real path), since any other entry's real path is its real folder's plus its name.
     */
    private void walkLocal(java.nio.file.Path dir, java.nio.file.Path realDir, boolean atRoot) throws IOException {
        List<java.nio.file.Path> children = new ArrayList<>();
        try (DirectoryStream<java.nio.file.Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort(Comparator.naturalOrder());
        for (java.nio.file.Path child : children) {
            String name = child.getFileName().toString();
            String path = "file:" + child.toAbsolutePath();
            if (skipped(path, name)) {
                continue;
            }
            BasicFileAttributes attributes = null;
            if (name.indexOf('\n') < 0 && name.indexOf('\r') < 0 && name.indexOf('\t') < 0) {
                try {
                    attributes = Files.readAttributes(child.getParent().resolve(name), BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    attributes = null;
                } catch (AccessDeniedException e) {
                    reject(path, RejectReason.UNREADABLE, "permission denied");
                    continue;
                } catch (FileSystemException e) {
                    reject(path, RejectReason.UNREADABLE, String.valueOf(e.getReason()));
                    continue;
                }
            }
            if (attributes == null) {
                // The String lost the name's bytes (not UTF-8), or the line-based outputs cannot hold it.
                reject(child.toUri().toString(), RejectReason.UNSUPPORTED_NAME, "original bytes percent-encoded");
                continue;
            }
            java.nio.file.Path real = realDir.resolve(name);
            if (attributes.isSymbolicLink()) {
                try {
                    attributes = Files.readAttributes(child, BasicFileAttributes.class);
                    real = child.toRealPath();
                } catch (NoSuchFileException e) {
                    reject(path, RejectReason.DANGLING_LINK, "points to " + Files.readSymbolicLink(child));
                    continue;
                } catch (AccessDeniedException e) {
                    reject(path, RejectReason.UNREADABLE, "permission denied");
                    continue;
                } catch (FileSystemException e) {
                    reject(path, RejectReason.DANGLING_LINK, String.valueOf(e.getReason()));
                    continue;
                }
            }
            if (attributes.isDirectory()) {
                if (realFolders.add(real)) {
                    walkLocal(child, real, false);
                } else {
                    loops.add(path + " -> " + real);
                }
            } else if (atRoot) {
                reject(path, RejectReason.NO_LABEL, "put it in a <Label> folder");
            } else if (!attributes.isRegularFile()) {
                reject(path, RejectReason.NOT_A_FILE, "not a regular file");
            } else {
                String first = realFiles.putIfAbsent(real.toString(), path);
                if (tombstones.erased(path)) {
                    erased++;
                } else if (first != null) {
                    reject(path, RejectReason.DUPLICATE, "the same file as " + first);
                } else {
                    // Readability is checked later, for the entries still wanted (Entry.checked).
                    entries.add(new Entry(path, attributes.size(), attributes.lastModifiedTime().toMillis(), child, null));
                }
            }
        }
    }

    /** HDFS, S3 and the rest: their names are UTF-8 strings and HDFS symlinks are off by default. */
    private void walk(FileSystem fs, Path dir) throws IOException {
        for (FileStatus child : fs.listStatus(dir)) {
            String path = child.getPath().toString();
            String name = child.getPath().getName();
            if (skipped(path, name)) {
                continue;
            }
            if (tombstones.erased(path)) {
                erased++;
            } else if (child.isDirectory()) {
                walk(fs, child.getPath());
            } else if (ImageLabels.labelOf(root, path) == null) {
                reject(path, RejectReason.NO_LABEL, "put it in a <Label> folder");
            } else if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\t') >= 0) {
                reject(child.getPath().toUri().toASCIIString(), RejectReason.UNSUPPORTED_NAME, "percent-encoded");
            } else {
                entries.add(new Entry(path, child.getLen(), child.getModificationTime(), null, child));
            }
        }
    }

    /** A hidden entry or a marker of the suite's is listed as skipped (a folder as one entry, not walked). */
    private boolean skipped(String path, String name) {
        if (name.startsWith(".")) {
            reject(path, RejectReason.HIDDEN, "hidden");
        } else if (RunFolders.isMarker(name)) {
            reject(path, RejectReason.MARKER, "written by fruits or a Hadoop job, not a photo");
        } else {
            return false;
        }
        return true;
    }

    /** Writes entries listed already, and the erased count, for {@link #load}: one tab-separated line each. */
    static void save(FileSystem fs, Path file, List<Entry> entries, long erased) throws IOException {
        try (java.io.Writer out = new java.io.OutputStreamWriter(fs.create(file, true), java.nio.charset.StandardCharsets.UTF_8)) {
            out.write("erased\t" + erased + "\n");
            for (Entry e : entries) {
                out.write(e.reason() != null ? e.path() + "\t-\t-\t" + e.reason().name() + "\t" + e.detail() + "\n"
                        : e.path() + "\t" + e.length + "\t" + e.modified + "\t-\t-\n");
            }
        }
    }

    /** The entries {@link #save} wrote; {@code erased[0]} gets the erased count. */
    static List<Entry> load(FileSystem fs, Path file, long[] erased) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(file),
                java.nio.charset.StandardCharsets.UTF_8))) {
            erased[0] += Long.parseLong(in.readLine().split("\t")[1]);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", 5);
                entries.add("-".equals(f[3]) ? new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), null, null)
                        : Entry.rejection(f[0], RejectReason.valueOf(f[3]), f[4]));
            }
        }
        return entries;
    }

    private void reject(String path, RejectReason reason, String detail) {
        entries.add(Entry.rejection(path, reason, detail));
    }
}

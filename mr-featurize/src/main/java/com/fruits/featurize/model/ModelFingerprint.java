package com.fruits.featurize.model;

import com.fruits.common.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The SHA-256 of a SavedModel: of every file's relative path and SHA-256, in path order. The same
 * for the folder and for a .zip or .tar.gz of it (with or without a top folder), so vectors and PCA
 * models can say which feature model made them wherever it was stored.
 */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    /**
     * One command asks several times (its checks, the job's lineage, serve's reloads): a folder whose files
     * have the same names, sizes and modification times is hashed once per JVM.
     */
    private static final Map<String, String> FOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

    public static String ofFolder(Path dir) throws IOException {
        String identity = identity(dir, "size,lastModifiedTime");
        String known = FOLDERS.get(identity);
        if (known != null) {
            return known;
        }
        String fingerprint = hashFolder(dir);
        FOLDERS.put(identity, fingerprint);
        return fingerprint;
    }

    /**
     * As {@link #ofFolder(Path)}, remembered between commands in {@code memo} (a folder of the user cache):
     * hashing a 19 MB model costs every command ~0.15 s. An entry is keyed by each file's path, size,
     * modification and change times and inode; rewriting a file in any way changes its change time, even
     * with its modification time put back, so it is hashed again. Where the file system has no such
     * attributes, as {@link #ofFolder(Path)}.
     */
    public static String ofFolder(Path dir, Path memo) throws IOException {
        String identity;
        try {
            identity = identity(dir, "unix:size,lastModifiedTime,ctime,ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return ofFolder(dir);
        }
        Path entry = memo.resolve(HexFormat.of().formatHex(newDigest().digest(
                identity.getBytes(StandardCharsets.UTF_8))) + ".sha256");
        if (Files.isRegularFile(entry)) {
            String known = Files.readString(entry).strip();
            if (known.matches("[0-9a-f]{64}")) {
                return known;
            }
        }
        String fingerprint = hashFolder(dir);
        try {
            Files.createDirectories(memo);
            UserCache.writeAtomically(entry, (fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // not kept: the next command hashes again
        }
        return fingerprint;
    }

    /** The folder's path and, per regular file in path order, its path and the named attributes. */
    private static String identity(Path dir, String attributes) throws IOException {
        StringBuilder identity = new StringBuilder(dir.toAbsolutePath().toString());
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                identity.append('\n').append(file);
                Files.readAttributes(file, attributes).entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(a -> identity.append('\t').append(a.getValue()));
            }
        }
        return identity.toString();
    }

    private static String hashFolder(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    files.put(dir.relativize(file).toString().replace('\\', '/'), sha256(in));
                }
            }
        }
        return combine(files);
    }

    /** The SHA-256 of one file (a Keras weight file, a download). */
    public static String ofFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The fingerprint of an archive's content; {@code name} tells the format (.zip, .tar.gz, .tgz, .tar). */
    public static String ofArchive(InputStream archive, String name) throws IOException {
        Map<String, String> files = new TreeMap<>();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
            ZipInputStream zip = new ZipInputStream(archive);
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), sha256(zip));
                }
            }
        } else {
            InputStream tar = lower.endsWith(".tar") ? archive : new GzipCompressorInputStream(archive);
            TarArchiveInputStream entries = new TarArchiveInputStream(tar);
            for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                if (e.isFile()) {
                    files.put(e.getName(), sha256(entries));
                }
            }
        }
        // Paths are taken relative to the folder that holds saved_model.pb, as for a folder.
        String prefix = files.keySet().stream().filter(p -> p.endsWith("saved_model.pb")).findFirst()
                .map(p -> p.substring(0, p.length() - "saved_model.pb".length())).orElse("");
        Map<String, String> relative = new TreeMap<>();
        files.forEach((path, hash) -> {
            if (path.startsWith(prefix)) {
                relative.put(path.substring(prefix.length()).replaceFirst("^\\./", ""), hash);
            }
        });
        return combine(relative);
    }

    private static String combine(Map<String, String> files) {
        MessageDigest digest = newDigest();
        files.forEach((path, hash) -> digest.update((path + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        DigestInputStream through = new DigestInputStream(in, digest);
        byte[] buffer = new byte[1 << 16];
        while (through.read(buffer) >= 0) {
            // reading is hashing
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

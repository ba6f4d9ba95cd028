package com.fruits.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;

/**
 * The per-user folder where the suite keeps what it can rebuild but should not have to: downloaded
 * weights, built models, ONNX conversions. {@code fruits.cache.dir} (property or system property), else {@code $FRUITS_CACHE}, else
 * {@code $XDG_CACHE_HOME/fruits}, else {@code ~/.cache/fruits}. Entries are written under a temporary
 * name and renamed when complete, so a killed run never leaves half a file under a final name.
 */
public final class UserCache {
    public static final String DIR = "fruits.cache.dir";

    private UserCache() {
    }

    public static Path dir(Configuration conf) {
        String configured = conf.get(DIR, System.getProperty(DIR));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String env = System.getenv("FRUITS_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "fruits")
                : Path.of(System.getProperty("user.home"), ".cache", "fruits");
    }

    /** {@code <cache>/<area>}, created. */
    public static Path area(Configuration conf, String area) throws IOException {
        return Files.createDirectories(dir(conf).resolve(area));
    }

    /** Writes {@code bytes} to {@code target} through a temporary sibling and an atomic rename. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames a finished temporary file (or folder) onto its final name, atomically where the file system can. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

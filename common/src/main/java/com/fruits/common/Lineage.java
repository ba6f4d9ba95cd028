package com.fruits.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a result comes from: suite version, feature-model fingerprint, PCA model id, k, centering,
 * creation time. Jobs carry it as {@code fruits.lineage.*} properties; Parquet files get it as
 * key-value metadata; a features folder also as a {@code _lineage.properties} file beside its parts.
 */
public final class Lineage {
    public static final String PREFIX = "fruits.lineage.";
    public static final String FILE = "_lineage.properties";
    public static final String SUITE_VERSION = "suite.version";
    public static final String MODEL_FINGERPRINT = "model.fingerprint";
    public static final String PCA_MODEL_ID = "pca.model.id";
    public static final String PCA_K = "pca.k";
    public static final String PCA_CENTERED = "pca.centered";
    public static final String CREATED = "created";
    /** How the JPEGs were decoded ({@code exact} or {@code fast}); absent in runs made before it existed: exact. */
    public static final String DECODE = "decode";
    /** Whether EXIF orientation was applied ({@code ignore} or {@code exif}); absent in runs made before it: ignore. */
    public static final String ORIENTATION = "orientation";
    /** The qualified input folder the vectors were made from: GDPR commands resolve relative paths against it. */
    public static final String INPUT = "input";

    private Lineage() {
    }

    public static String suiteVersion() {
        try (InputStream in = Lineage.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets one lineage entry in a job configuration. */
    public static void set(Configuration conf, String key, String value) {
        conf.set(PREFIX + key, value);
    }

    public static String get(Configuration conf, String key) {
        return conf.get(PREFIX + key);
    }

    /** The lineage entries of {@code conf}, without the prefix, sorted. */
    public static Map<String, String> of(Configuration conf) {
        return new TreeMap<>(conf.getPropsWithPrefix(PREFIX));
    }

    /** Writes the lineage of {@code conf} to {@code dir/_lineage.properties}. */
    public static void write(Configuration conf, Path dir) throws IOException {
        Properties p = new Properties();
        p.putAll(of(conf));
        FileSystem fs = dir.getFileSystem(conf);
        try (FSDataOutputStream out = fs.create(new Path(dir, FILE), true)) {
            store(p, out);
        }
    }

    /** Reads {@code dir/_lineage.properties} into {@code conf} as lineage entries; absent file, nothing read. */
    public static Map<String, String> read(Configuration conf, Path dir) throws IOException {
        Path file = new Path(dir, FILE);
        FileSystem fs = file.getFileSystem(conf);
        Map<String, String> entries = new TreeMap<>();
        if (!fs.exists(file)) {
            return entries;
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(file)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
        return entries;
    }

    private static void store(Properties p, OutputStream out) throws IOException {
        p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "fruits lineage");
    }
}

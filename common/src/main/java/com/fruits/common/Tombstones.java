package com.fruits.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a run must never take in again: a keyed hash (HMAC-SHA256 with the run's own random key) of the
 * path, and of the content hash, of every image erased from it, in {@code _gdpr/tombstones.tsv}: a copy of
 * an erased photo under another name (a re-upload, a restored backup) stays out too. Featurize leaves such an image out
 * and the subject manifest drops its rows, so an erased photo that is still in the input (the suite never
 * deletes input) does not come back with the next {@code --incremental} run. The file holds no path in
 * clear; without the key, a path cannot even be tested against it.
 */
public final class Tombstones {
    /** The run's GDPR folder: erasure log, tombstones and their key; kept by {@code --overwrite}. */
    public static final String DIR = "_gdpr";
    public static final String FILE = DIR + "/tombstones.tsv";
    public static final String KEY_FILE = DIR + "/tombstone.key";
    private static final String ALGORITHM = "HmacSHA256";
    /** Keys a content hash apart from any path (no path starts with it). */
    private static final String CONTENT = "\0sha256:";

    private final byte[] key;
    private final Set<String> hashes;
    private final Mac mac;

    private Tombstones(byte[] key, Set<String> hashes) {
        this.key = key;
        this.hashes = hashes;
        try {
            mac = Mac.getInstance(ALGORITHM); // one per instance: a listing asks for every file of the input
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** The run's tombstones; none (and a new key, written only with the first tombstone) when it has none. */
    public static Tombstones of(Configuration conf, Path run) throws IOException {
        if (run == null) {
            return new Tombstones(new byte[32], new TreeSet<>());
        }
        FileSystem fs = run.getFileSystem(conf);
        Path keyFile = new Path(run, KEY_FILE);
        if (!fs.exists(keyFile)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new Tombstones(key, new TreeSet<>());
        }
        byte[] key;
        try (InputStream in = fs.open(keyFile)) {
            key = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        Set<String> hashes = new TreeSet<>();
        Path file = new Path(run, FILE);
        if (fs.exists(file)) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(hashes::add);
            }
        }
        return new Tombstones(key, hashes);
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public int size() {
        return hashes.size();
    }

    /** True when {@code path} (as the outputs spell it) was erased from the run. */
    public boolean erased(String path) {
        return !hashes.isEmpty() && hashes.contains(hash(path));
    }

    /** True when a photo with these bytes (their SHA-256, hex) was erased from the run, under any name. */
    public boolean erasedContent(String sha256) {
        return !hashes.isEmpty() && hashes.contains(hash(CONTENT + sha256));
    }

    /** These tombstones and one for each of {@code paths} and of {@code contents} (SHA-256 of their bytes). */
    public Tombstones with(Collection<String> paths, Collection<String> contents) {
        Set<String> all = new TreeSet<>(hashes);
        paths.forEach(p -> all.add(hash(p)));
        contents.forEach(c -> all.add(hash(CONTENT + c)));
        return new Tombstones(key, all);
    }

    /** The tombstones file's content: one hash a line, sorted, so it says nothing of the erasures' order. */
    public String fileContent() {
        return "# HMAC-SHA256 of erased images' paths and content hashes, keyed by " + KEY_FILE + "; no path in clear\n"
                + String.join("\n", hashes) + "\n";
    }

    public String keyFileContent() {
        return Base64.getEncoder().encodeToString(key) + "\n";
    }

    private synchronized String hash(String path) {
        return HexFormat.of().formatHex(mac.doFinal(path.getBytes(StandardCharsets.UTF_8)));
    }
}

package com.fruits.bench;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What each inference engine weighs in the job jar: the compressed bytes of its entries on the class
 * path (the shaded jar, or the engine's own jars in a build tree), and the platforms its natives cover.
 */
final class EngineJars {
    record Weight(String engine, long compressedBytes, TreeSet<String> platforms) {
        double megabytes() {
            return compressedBytes / 1048576.0;
        }
    }

    private EngineJars() {
    }

    static Weight onnxRuntime() throws IOException {
        return weigh("onnxruntime", "ai/onnxruntime/", "ai/onnxruntime/native/");
    }

    static Weight tensorFlow() throws IOException {
        return weigh("tensorflow", "org/tensorflow/", "org/tensorflow/internal/c_api/");
    }

    private static Weight weigh(String engine, String prefix, String nativePrefix) throws IOException {
        long bytes = 0;
        TreeSet<String> platforms = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !new File(entry).isFile()) {
                continue;
            }
            try (ZipFile jar = new ZipFile(entry)) {
                for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    ZipEntry z = e.nextElement();
                    if (!z.isDirectory() && z.getName().startsWith(prefix)) {
                        bytes += z.getCompressedSize();
                        if (z.getName().startsWith(nativePrefix)) {
                            String rest = z.getName().substring(nativePrefix.length());
                            if (rest.indexOf('/') > 0 && rest.substring(0, rest.indexOf('/')).matches("[a-z]+-[a-z0-9_]+")) {
                                platforms.add(rest.substring(0, rest.indexOf('/')));
                            }
                        }
                    }
                }
            }
        }
        return new Weight(engine, bytes, platforms);
    }
}

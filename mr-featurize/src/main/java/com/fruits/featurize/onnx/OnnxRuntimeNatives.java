package com.fruits.featurize.onnx;

import com.fruits.common.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's native libraries, unpacked once per user and version into the user cache and named to
 * ONNX Runtime by {@code onnxruntime.native.path}: left to itself, every JVM unpacks 21 MB from the jar into
 * a fresh temporary folder (about 0.2 s of each command and each task JVM). The version comes from the
 * build ({@code onnxruntime.properties}), so a driver can name the engine without loading it.
 */
public final class OnnxRuntimeNatives {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeNatives.class);
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
    private static final String VERSION = readVersion();
    private static boolean prepared;

    private OnnxRuntimeNatives() {
    }

    /** The ONNX Runtime version the suite was built with, which is the one in its jar. */
    public static String version() {
        return VERSION;
    }

    /**
     * Before ONNX Runtime's first use in this JVM: points it at the cached copy of its libraries, unpacked
     * there first if needed. Any failure (no writable cache, a platform without libraries in the jar) leaves
     * ONNX Runtime to unpack them itself, as it would without this; a path the user set is kept.
     */
    public static synchronized void prepare(Configuration conf) {
        if (prepared || System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        prepared = true;
        String platform = platform();
        if (platform == null) {
            return;
        }
        try {
            Path dir = UserCache.area(conf, "natives").resolve("onnxruntime-" + VERSION + "-" + platform);
            for (String library : LIBRARIES) {
                String name = System.mapLibraryName(library);
                URL resource = OnnxRuntimeNatives.class.getResource("/ai/onnxruntime/native/" + platform + "/" + name);
                if (resource == null) {
                    return;
                }
                Path target = dir.resolve(name);
                long size = resource.openConnection().getContentLengthLong();
                if (!Files.isRegularFile(target) || Files.size(target) != size) {
                    unpack(resource, dir, target);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("ONNX Runtime's natives could not be kept in the user cache ({}); it unpacks them itself", e.toString());
        }
    }

    /** {@link #prepare} and ONNX Runtime's own load, on a daemon thread: for a JVM about to run map tasks. */
    public static void loadInBackground(Configuration conf) {
        Thread loader = new Thread(() -> {
            prepare(conf);
            try {
                ai.onnxruntime.OrtEnvironment.getEnvironment();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("ONNX Runtime did not load ahead of the tasks ({}); they load it themselves", e.toString());
            }
        }, "onnxruntime-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private static void unpack(URL resource, Path dir, Path target) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            UserCache.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** ONNX Runtime's name for this platform's folder in its jar (linux-x64, linux-aarch64), or null. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = OnnxRuntimeNatives.class.getResourceAsStream("onnxruntime.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}

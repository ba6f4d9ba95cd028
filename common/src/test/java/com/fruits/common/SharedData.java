package com.fruits.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests read, in tiers by what a machine has; a test whose tier is missing is skipped with the
 * reason (a JUnit assumption), never failed:
 * <ul>
 * <li>the repository alone: the Fruits-360 sample in {@code samples/} ({@link #testSlice} falls back to
 *     its 4 Training photos per label);</li>
 * <li>the official weights ({@link #model}, {@link #kerasWeights}): {@code ../shared}'s copy, else
 *     what {@code fruits model fetch} downloads and builds, cached in the user cache as for a user
 *     ({@code -Dfruits.model.url} for an offline mirror);</li>
 * <li>{@code ../shared} ({@code -Dfruits.shared}): the full Test split and the Python references
 *     ({@link #root}, {@link #testImages}, {@link #reference}).</li>
 * </ul>
 */
public final class SharedData {
    public static final String H5 = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";
    private static Path fetchedModel;
    private static String fetchFailure;

    private SharedData() {
    }

    private static Path sharedDir() {
        return Paths.get(System.getProperty("fruits.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** True when {@code ../shared} holds the Test split and the SavedModel. */
    public static boolean available() {
        Path root = sharedDir();
        return Files.isDirectory(root.resolve("data/fruits-360/Test"))
                && Files.isRegularFile(root.resolve("model/mobilenet_v2_features/saved_model.pb"));
    }

    /** {@code ../shared}; the test is skipped, with the reason, where it is missing. */
    public static Path root() {
        Assumptions.assumeTrue(available(), () -> "needs the full Fruits-360 Test split and the reference outputs of "
                + sharedDir() + " (missing here): see README.md, 'Tests', or set -Dfruits.shared");
        return sharedDir();
    }

    public static Path testImages() {
        return root().resolve("data/fruits-360/Test");
    }

    public static Path reference() {
        return root().resolve("reference");
    }

    public static Path trainingSample() {
        return root().resolve("data/fruits-360/Training-sample");
    }

    /**
     * The MobileNetV2 SavedModel of the official weights: {@code ../shared}'s, else the one {@code fruits
     * model fetch} builds in the user cache (downloaded once); skipped with the reason when neither can be had.
     */
    public static Path model() {
        if (available()) {
            return sharedDir().resolve("model/mobilenet_v2_features");
        }
        return fetched();
    }

    /**
     * The SavedModel as Keras exported it (its checkpoint keeps Keras' object graph, which the converter's
     * SavedModel reader needs): {@code ../shared} only. {@code fruits model fetch} builds its own
     * SavedModel and keeps the conversion beside it, so it never needs that reader.
     */
    public static Path kerasSavedModel() {
        return root().resolve("model/mobilenet_v2_features");
    }

    /** The official Keras weight file: {@code ../shared}'s copy, else the one {@code fruits model fetch} downloaded. */
    public static Path kerasWeights() {
        Path shared = sharedDir().resolve("model/keras-h5/" + H5);
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        fetched();
        try {
            Path downloaded = UserCache.area(new Configuration(), "downloads").resolve(H5);
            Assumptions.assumeTrue(Files.isRegularFile(downloaded), () -> "needs the official weight file, not in " + downloaded);
            return downloaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fetches the weights once per test JVM the way a user does; remembers a failure, so it is tried once. */
    private static synchronized Path fetched() {
        if (fetchedModel == null && fetchFailure == null) {
            try {
                Configuration conf = new Configuration();
                String url = System.getProperty("fruits.model.url");
                if (url != null) {
                    conf.set("fruits.model.url", url);
                }
                // ModelTool lives in mr-featurize, which depends on this module: found at run time.
                fetchedModel = (Path) Class.forName("com.fruits.featurize.model.ModelTool")
                        .getMethod("fetch", Configuration.class).invoke(null, conf);
            } catch (ClassNotFoundException e) {
                fetchFailure = "the model builder (mr-featurize) is not on this module's test classpath";
            } catch (InvocationTargetException e) {
                fetchFailure = String.valueOf(e.getCause().getMessage());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        Assumptions.assumeTrue(fetchedModel != null, () -> "needs the official MobileNetV2 weights: no " + sharedDir()
                + ", and 'fruits model fetch' could not get them (" + fetchFailure + "); set -Dfruits.model.url to a "
                + "reachable copy of " + H5 + ", or -Dfruits.shared");
        return fetchedModel;
    }

    /**
     * The first {@code perLabel} images (by name) of each of the first {@code labels} label folders: of
     * the Test split in {@code ../shared}, else of the repository's sample ({@code samples/fruits-360/
     * Training}, 4 photos of each of 131 labels); skipped when the sample is too small for the slice.
     */
    public static List<Path> testSlice(int labels, int perLabel) {
        if (available()) {
            return slice(testImages(), labels, perLabel);
        }
        Path sample = Paths.get(System.getProperty("fruits.root", ".")).resolve("samples/fruits-360/Training");
        Assumptions.assumeTrue(Files.isDirectory(sample) && perLabel <= 4 && labels <= 131, () -> "needs " + perLabel
                + " photos of each of " + labels + " labels: more than the repository's sample holds, and no " + sharedDir());
        return slice(sample, labels, perLabel);
    }

    /** The first {@code perLabel} images (by name) of each of the first {@code labels} label folders of {@code root}. */
    public static List<Path> slice(Path root, int labels, int perLabel) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.sorted().limit(labels).flatMap(dir -> {
                try (Stream<Path> files = Files.list(dir)) {
                    return files.sorted().limit(perLabel).collect(Collectors.toList()).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies images into {@code root/<Label>/<name>}, the layout the jobs read. */
    public static void copyInto(List<Path> images, Path root) throws IOException {
        for (Path image : images) {
            Path target = root.resolve(image.getParent().getFileName().toString()).resolve(image.getFileName().toString());
            Files.createDirectories(target.getParent());
            Files.copy(image, target);
        }
    }
}

package com.fruits.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the shared, read-only Fruits-360 images, MobileNetV2 SavedModel and reference outputs
 * ({@code -Dfruits.shared}, by default {@code ../shared} beside the checkout) for tests.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        Path root = Paths.get(System.getProperty("fruits.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("data/fruits-360/Test"))
                || !Files.isRegularFile(root.resolve("model/mobilenet_v2_features/saved_model.pb"))) {
            throw new IllegalStateException("The Fruits-360 images and the MobileNetV2 model are missing from "
                    + root + ": see README.md, 'Getting the images and the model', or set -Dfruits.shared.");
        }
        return root;
    }

    public static Path testImages() {
        return root().resolve("data/fruits-360/Test");
    }

    public static Path model() {
        return root().resolve("model/mobilenet_v2_features");
    }

    public static Path reference() {
        return root().resolve("reference");
    }

    public static Path trainingSample() {
        return root().resolve("data/fruits-360/Training-sample");
    }

    /** The first {@code perLabel} images (by name) of each of the first {@code labels} Test label folders. */
    public static List<Path> testSlice(int labels, int perLabel) {
        return slice(testImages(), labels, perLabel);
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

package com.fruits.featurize.onnx;

import com.fruits.common.FeatureRow;
import com.fruits.common.UsageException;
import com.fruits.common.UserCache;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.ModelFingerprint;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * The driver's side of {@code --engine onnxruntime}: converts the model's weights (the SavedModel's
 * variables, or a Keras weight file given with {@code --keras-weights}) to ONNX, proves the
 * result computes what the SavedModel computes on a handful of the run's images (refused in one
 * sentence beyond tolerance), and writes it where the job ships it to the tasks.
 */
public final class OnnxConversion {
    /** The name under which tasks find the converted model in their distributed cache. */
    public static final String FILE = "mobilenet_v2_features.onnx";
    private static final double MIN_COSINE = 0.99999;
    private static final double MAX_ABS = 1e-3;

    private OnnxConversion() {
    }

    public static boolean wanted(org.apache.hadoop.conf.Configuration conf) {
        return "onnxruntime".equals(FeaturizeConfigKeys.ENGINE.get(conf));
    }

    /** Raised when the converter does not recognise the model: the run falls back to TensorFlow. */
    public static final class NotConvertible extends Exception {
        NotConvertible(String message) {
            super(message);
        }
    }

    /** Converts, checks on {@code images} (bytes of the run's first files) against the SavedModel in {@code savedModel}. */
    public static Path convert(org.apache.hadoop.conf.Configuration conf, Path savedModel, List<byte[]> images)
            throws IOException, NotConvertible {
        try (TensorFlowFeatureModel tensorflow = TensorFlowFeatureModel.load(savedModel, 1)) {
            return convert(conf, savedModel, tensorflow, images);
        }
    }

    /**
     * The same, against a SavedModel the caller has loaded already (the driver's model check). A
     * conversion of the same weights by the same converter is reused from the user cache
     * ({@link UserCache}, keyed by the weights' fingerprint); the check runs every time.
     */
    public static Path convert(org.apache.hadoop.conf.Configuration conf, Path savedModel, TensorFlowFeatureModel tensorflow,
            List<byte[]> images) throws IOException, NotConvertible {
        String h5 = FeaturizeConfigKeys.KERAS_WEIGHTS.get(conf);
        String weights = h5 != null ? h5 : savedModel.toString();
        Path h5File = null;
        if (h5 != null) {
            h5File = Paths.get(new org.apache.hadoop.fs.Path(h5).toUri().getPath());
            if (!Files.isRegularFile(h5File)) {
                throw new UsageException("The Keras weight file " + h5 + " does not exist");
            }
        }
        long start = System.nanoTime();
        String key = cacheKey(h5File != null ? h5File : savedModel);
        Path cached = cached(conf, key);
        boolean reused = cached != null && Files.isRegularFile(cached);
        byte[] onnx;
        if (reused) {
            onnx = Files.readAllBytes(cached);
        } else {
            try {
                onnx = MobileNetV2Onnx.convert(h5File != null ? KerasWeights.read(h5File) : SavedModelWeights.read(savedModel));
            } catch (Exception e) {
                throw new NotConvertible("the converter does not recognise " + weights + " as Keras' MobileNetV2 ("
                        + e.getMessage() + ")");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (reused) {
            try {
                keepVerdict(cached, check(onnx, tensorflow, images, weights, "conversion reused from " + cached));
                return cached;
            } catch (RuntimeException e) {
                // A damaged cache entry (disk full, edited by hand) costs a conversion, never a run.
                System.err.println("featurize: the cached conversion " + cached + " is unusable (" + e.getMessage()
                        + "); converting again");
                Files.deleteIfExists(cached);
                return convert(conf, savedModel, tensorflow, images);
            }
        }
        String verdict = check(onnx, tensorflow, images, weights, String.format(Locale.ROOT, "converted in %.1f s", seconds));
        if (cached != null) {
            try {
                UserCache.writeAtomically(cached, onnx);
                keepVerdict(cached, verdict);
                return cached;
            } catch (IOException e) {
                System.err.println("featurize: could not keep the ONNX conversion in " + cached.getParent() + " ("
                        + e.getMessage() + "); the next run converts again");
            }
        }
        Path file = Files.createTempDirectory("fruits-onnx-").resolve(FILE);
        Files.write(file, onnx);
        file.toFile().deleteOnExit();
        file.getParent().toFile().deleteOnExit();
        return file;
    }

    /**
     * The cached conversion of {@code savedModel}'s weights that an earlier run already checked against the
     * SavedModel (same weights' fingerprint, same converter revision), with that check's figures; null when
     * there is none, or with {@code --keras-weights} (another file to check against the model each time).
     * {@code savedModelFingerprint} is the one the driver's check has just computed (every byte read once).
     * It spares every later run loading TensorFlow in the driver.
     */
    public static Verified verified(org.apache.hadoop.conf.Configuration conf, String savedModelFingerprint) {
        if (FeaturizeConfigKeys.KERAS_WEIGHTS.get(conf) != null) {
            return null;
        }
        Path cached = cached(conf, keyOf(savedModelFingerprint));
        if (cached == null || !Files.isRegularFile(cached) || !Files.isRegularFile(verdictOf(cached))) {
            return null;
        }
        try {
            return new Verified(cached, Files.readString(verdictOf(cached)).strip());
        } catch (IOException e) {
            return null; // unreadable: check again
        }
    }

    /** A checked conversion and the figures of its check. */
    public record Verified(Path onnx, String verdict) {
    }

    private static void keepVerdict(Path cached, String figures) {
        try {
            UserCache.writeAtomically(verdictOf(cached), (figures + " (checked " + java.time.Instant.now() + ")\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("featurize: could not keep the conversion's check beside " + cached + " (" + e.getMessage()
                    + "); the next run checks again");
        }
    }

    private static Path verdictOf(Path cached) {
        return cached.resolveSibling(cached.getFileName() + ".verdict");
    }

    /** Keeps a conversion made elsewhere ({@code fruits model fetch}) where runs on {@code savedModel} find it. */
    public static void keep(org.apache.hadoop.conf.Configuration conf, Path savedModel, byte[] onnx) throws IOException {
        Path cached = cached(conf, cacheKey(savedModel));
        if (cached != null) {
            UserCache.writeAtomically(cached, onnx);
        }
    }

    /** The weights' fingerprint and the converter's revision: what the converted graph depends on. */
    private static String cacheKey(Path weights) throws IOException {
        return keyOf(Files.isDirectory(weights) ? ModelFingerprint.ofFolder(weights) : ModelFingerprint.ofFile(weights));
    }

    private static String keyOf(String fingerprint) {
        return fingerprint.replaceAll("[^A-Za-z0-9]", "").substring(0, Math.min(32, fingerprint.length()))
                + "-r" + MobileNetV2Onnx.REVISION;
    }

    /** Where the conversion keyed {@code key} lives in the user cache, or null when there is no usable cache folder. */
    private static Path cached(org.apache.hadoop.conf.Configuration conf, String key) {
        try {
            return UserCache.area(conf, "onnx").resolve(key + ".onnx");
        } catch (IOException e) {
            return null;
        }
    }

    /** Returns the check's figures; refuses a conversion that does not compute what the SavedModel computes. */
    private static String check(byte[] onnx, TensorFlowFeatureModel tf, List<byte[]> images, String weights, String how) {
        MobileNetPreprocessor preprocessor = new MobileNetPreprocessor(40_000_000);
        float[] batch = new float[Math.max(1, images.size()) * MobileNetPreprocessor.VALUES];
        int n = 0;
        for (byte[] image : images) {
            try {
                preprocessor.preprocess(image, batch, n * MobileNetPreprocessor.VALUES);
                n++;
            } catch (com.fruits.featurize.image.ImageRejectedException e) {
                // a bad file: the job rejects it; the check uses the others
            }
        }
        n = Math.max(n, 1); // at worst a blank image
        float[] expected = new float[n * FeatureRow.DIMENSIONS];
        float[] actual = new float[n * FeatureRow.DIMENSIONS];
        try (OnnxFeatureModel ort = OnnxFeatureModel.load(onnx, 1)) {
            tf.features(batch, n, expected);
            ort.features(batch, n, actual);
        }
        double worstCosine = 1;
        double worstAbs = 0;
        for (int i = 0; i < n; i++) {
            double dot = 0, ee = 0, aa = 0;
            for (int d = 0; d < FeatureRow.DIMENSIONS; d++) {
                double e = expected[i * FeatureRow.DIMENSIONS + d];
                double a = actual[i * FeatureRow.DIMENSIONS + d];
                dot += e * a;
                ee += e * e;
                aa += a * a;
                worstAbs = Math.max(worstAbs, Math.abs(e - a));
            }
            worstCosine = Math.min(worstCosine, ee == 0 && aa == 0 ? 1 : dot / Math.sqrt(ee * aa));
        }
        String figures = String.format(Locale.ROOT, "cosine %.7f, max abs difference %.2e on %d image(s)", worstCosine, worstAbs, n);
        if (worstCosine < MIN_COSINE || worstAbs > MAX_ABS) {
            throw new UsageException("The ONNX model converted from " + weights + " does not compute what --model computes ("
                    + figures + "); give the weight file of the same model, or --engine tensorflow");
        }
        System.out.println("featurize: ONNX model from " + weights + " (" + how + ") checked against the SavedModel: " + figures);
        return figures;
    }
}

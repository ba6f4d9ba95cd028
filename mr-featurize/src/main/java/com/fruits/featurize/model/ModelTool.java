package com.fruits.featurize.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fruits.common.CommandOptions;
import com.fruits.common.Download;
import com.fruits.common.Durations;
import com.fruits.common.FeatureRow;
import com.fruits.common.UsageException;
import com.fruits.common.UserCache;
import com.fruits.featurize.model.ModelFingerprint;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import com.fruits.featurize.onnx.KerasWeights;
import com.fruits.featurize.onnx.MobileNetV2Onnx;
import com.fruits.featurize.onnx.OnnxConversion;
import com.fruits.featurize.onnx.OnnxFeatureModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits model fetch}: the model without Python. Downloads the official Keras Applications
 * MobileNetV2 weight file (or takes a local copy), reads it in Java, and builds the SavedModel the suite
 * loads and its ONNX form, kept in the user cache ({@link UserCache}) with the source URL, size, SHA-256
 * and time; a second call finds them there at once. Prints the {@code --model} to use.
 */
public class ModelTool extends Configured implements Tool {
    public static final String OFFICIAL_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"
            + "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";
    public static final CommandOptions OPTIONS = new CommandOptions("model",
            "fruits model fetch: downloads the official Keras MobileNetV2 weights (--url) or takes a local copy\n"
                    + "(--from), builds the SavedModel (and its ONNX form) in the user cache and prints the --model to use.",
            List.of(ModelConfigKeys.URL, ModelConfigKeys.FROM, ModelConfigKeys.DOWNLOAD_TIMEOUT));
    static final String SAVED_MODEL = "mobilenet_v2_features";
    static final String SOURCE = "source.json";
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("fetch")) {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                OPTIONS.parse(args, getConf());
                return 0;
            }
            throw new UsageException("the only action is 'fetch' (fruits model fetch [--url <url> | --from <h5>])");
        }
        Configuration conf = getConf();
        if (!OPTIONS.parse(Arrays.copyOfRange(args, 1, args.length), conf)) {
            return 0;
        }
        System.out.println("model: --model " + fetch(conf));
        return 0;
    }

    /** The SavedModel folder built from the weights named by {@code --from} or {@code --url}: cached, or made now. */
    public static Path fetch(Configuration conf) throws IOException {
        String from = ModelConfigKeys.FROM.get(conf);
        String url = ModelConfigKeys.URL.get(conf);
        Path models = UserCache.area(conf, "models");
        if (from == null) {
            Path cached = findByUrl(models, url);
            if (cached != null) {
                System.err.println("model: already built from " + url + " (" + cached.getParent().resolve(SOURCE) + ")");
                return cached;
            }
        }
        Path weights;
        if (from != null) {
            weights = Path.of(new org.apache.hadoop.fs.Path(from).toUri().getPath());
            if (!Files.isRegularFile(weights)) {
                throw new UsageException("the weight file " + from + " does not exist");
            }
        } else {
            URI uri = URI.create(url);
            String name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            weights = UserCache.area(conf, "downloads").resolve(name.isEmpty() ? "weights.h5" : name);
            if (!Files.isRegularFile(weights)) {
                System.err.println("model: downloading " + url);
                new Download(Durations.positive(ModelConfigKeys.DOWNLOAD_TIMEOUT.get(conf), "--timeout"), "model",
                        "download " + name + " on a machine with internet access and give it with --from <file>, or point --url at a copy this machine reaches")
                        .fetch(uri, weights);
            }
        }
        Verified read = verify(weights, from == null);
        String sha256 = ModelFingerprint.ofFile(weights);
        Path home = models.resolve("mobilenet_v2-" + sha256.substring(0, 16));
        if (Files.isRegularFile(home.resolve(SOURCE)) && Files.isDirectory(home.resolve(SAVED_MODEL))) {
            System.err.println("model: already built from these weights (" + home.resolve(SOURCE) + ")");
            return home.resolve(SAVED_MODEL);
        }
        long start = System.nanoTime();
        Path building = Files.createTempDirectory(models, ".building-");
        try {
            MobileNetV2SavedModel.export(read.weights(), building.resolve(SAVED_MODEL));
            Files.write(building.resolve(OnnxConversion.FILE), read.onnx());
            selfCheck(building.resolve(SAVED_MODEL), read.onnx());
            Files.copy(weights, building.resolve(weights.getFileName()));
            ObjectNode source = new ObjectMapper().createObjectNode()
                    .put("url", from != null ? weights.toUri().toString() : url)
                    .put("file", weights.getFileName().toString())
                    .put("bytes", Files.size(weights))
                    .put("sha256", sha256)
                    .put("fetched_at", Instant.now().toString())
                    .put("saved_model_fingerprint", ModelFingerprint.ofFolder(building.resolve(SAVED_MODEL)));
            Files.writeString(building.resolve(SOURCE), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(source));
            if (Files.exists(home)) {
                FileUtil.fullyDelete(home.toFile()); // an incomplete earlier build
            }
            UserCache.moveAtomically(building, home);
        } finally {
            FileUtil.fullyDelete(building.toFile());
        }
        OnnxConversion.keep(conf, home.resolve(SAVED_MODEL), Files.readAllBytes(home.resolve(OnnxConversion.FILE)));
        System.err.printf(Locale.ROOT, "model: built the SavedModel and its ONNX form in %.1f s, in %s%n",
                (System.nanoTime() - start) / 1e9, home);
        return home.resolve(SAVED_MODEL);
    }

    /** Weights that proved to be Keras' MobileNetV2, with their ONNX form (converting them is the proof). */
    record Verified(KerasWeights weights, byte[] onnx) {
    }

    /** The SavedModel of an earlier fetch of {@code url}, or null. */
    private static Path findByUrl(Path models, String url) throws IOException {
        try (Stream<Path> homes = Files.list(models)) {
            for (Path home : (Iterable<Path>) homes.filter(h -> h.getFileName().toString().startsWith("mobilenet_v2-"))::iterator) {
                Path source = home.resolve(SOURCE);
                if (Files.isRegularFile(source) && Files.isDirectory(home.resolve(SAVED_MODEL))
                        && url.equals(new ObjectMapper().readTree(source.toFile()).path("url").asText())) {
                    return home.resolve(SAVED_MODEL);
                }
            }
        }
        return null;
    }

    /**
     * An HDF5 file whose layers are Keras' MobileNetV2: anything else is refused in one sentence; a bad
     * download is deleted so that the next call fetches it again.
     */
    static Verified verify(Path weights, boolean downloaded) throws IOException {
        String problem = null;
        Verified read = null;
        byte[] head = new byte[HDF5_SIGNATURE.length];
        try (InputStream in = Files.newInputStream(weights)) {
            if (in.readNBytes(head, 0, head.length) < head.length || !Arrays.equals(head, HDF5_SIGNATURE)) {
                problem = "it is not an HDF5 file";
            }
        }
        if (problem == null) {
            try {
                KerasWeights layers = KerasWeights.read(weights);
                read = new Verified(layers, MobileNetV2Onnx.convert(layers)); // touches every layer the model needs
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        if (problem == null) {
            return read;
        }
        if (downloaded) {
            Files.deleteIfExists(weights);
        }
        throw new UsageException(weights + " is not the Keras MobileNetV2 weight file (" + problem + ")"
                + (downloaded ? "; it was deleted, run the command again to download it anew" : "; give --from the "
                + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5 file"));
    }

    /** The SavedModel loads in TensorFlow and computes what the ONNX form computes on a test pattern. */
    private static void selfCheck(Path savedModel, byte[] onnx) {
        int n = 2;
        float[] images = new float[n * com.fruits.featurize.image.MobileNetPreprocessor.VALUES];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) Math.sin(i * 0.001) * 0.9f;
        }
        float[] tf = new float[n * FeatureRow.DIMENSIONS];
        float[] ort = new float[n * FeatureRow.DIMENSIONS];
        try (TensorFlowFeatureModel model = TensorFlowFeatureModel.load(savedModel, 0); OnnxFeatureModel onnxModel = OnnxFeatureModel.load(onnx, 0)) {
            model.features(images, n, tf);
            onnxModel.features(images, n, ort);
        }
        double worst = 0;
        for (int i = 0; i < tf.length; i++) {
            worst = Math.max(worst, Math.abs(tf[i] - ort[i]));
        }
        if (!(worst <= 1e-3)) {
            throw new IllegalStateException("the built SavedModel and ONNX model disagree (max abs difference " + worst + ")");
        }
    }
}

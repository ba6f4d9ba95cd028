package com.fruits.featurize;

import com.fruits.common.FeatureRow;
import com.fruits.common.Lineage;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.UsageException;
import com.fruits.featurize.image.MobileNetPreprocessor;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import com.fruits.featurize.onnx.OnnxConversion;
import com.fruits.featurize.onnx.OnnxRuntimeNatives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * Loads the model once in the driver and runs it on one blank image before any job: a truncated or
 * corrupt SavedModel is then named in one sentence, instead of failing every map task with
 * TensorFlow's stack trace. With {@code --engine onnxruntime} it also converts the model, checks the
 * conversion on the run's first images and names the converted file for {@link ModelCache#ship}; a
 * conversion of the same weights by the same converter that an earlier run checked is taken as it is
 * (its verdict is kept beside it in the user cache), so only the first ONNX run loads TensorFlow.
 */
public final class ModelCheck {
    /** Set by {@link #loadable}: the converted ONNX model the job ships. */
    public static final String ONNX_FILE = "fruits.featurize.onnx.file";
    /** Lineage key: the engine and version that produced the vectors. */
    public static final String ENGINE = "featurize.engine";

    private ModelCheck() {
    }

    public static void loadable(Configuration conf, org.apache.hadoop.fs.Path input) throws IOException {
        String model = FeaturizeConfigKeys.MODEL.require(conf);
        String fingerprint = ModelCache.fingerprint(conf); // names a missing model; hashes every byte of it (once per JVM while its files are unchanged)
        Path dir = ModelCache.localSavedModel(conf);
        OnnxConversion.Verified verified = OnnxConversion.wanted(conf) ? OnnxConversion.verified(conf, fingerprint) : null;
        if (OnnxConversion.wanted(conf)) {
            OnnxRuntimeNatives.prepare(conf);
        }
        if (verified != null) {
            // These very bytes (by their fingerprint) loaded, ran and matched their conversion before: ONNX
            // Runtime is not even loaded here (its version is the build's).
            conf.set(ONNX_FILE, verified.onnx().toUri().toString());
            com.fruits.common.Lineage.set(conf, ENGINE, "onnxruntime " + OnnxRuntimeNatives.version());
            System.out.println("featurize: ONNX model " + verified.onnx() + ", checked against " + model + " by an earlier run: "
                    + verified.verdict());
            return;
        }
        // One load of the SavedModel serves both checks: it runs, and the ONNX conversion computes what it computes.
        try (TensorFlowFeatureModel loaded = load(dir, model)) {
            if (!OnnxConversion.wanted(conf)) {
                com.fruits.common.Lineage.set(conf, ENGINE, "tensorflow " + org.tensorflow.TensorFlow.version());
                return;
            }
            Configuration few = new Configuration(conf);
            few.setLong(RunConfigKeys.LIMIT.property(), 4);
            List<byte[]> images = new ArrayList<>();
            // No input (fruits serve of a run whose photos are gone): the check runs on a blank image.
            List<FileStatus> firstImages = input == null || !input.getFileSystem(conf).exists(input) ? List.of()
                    : WholeFileInputFormat.list(few, input);
            for (FileStatus file : firstImages) {
                try (InputStream in = WholeFileRecordReader.open(file.getPath(), conf)) {
                    images.add(in.readAllBytes());
                } catch (IOException e) {
                    // unreadable: the job rejects it, the check uses the others
                }
            }
            try {
                conf.set(ONNX_FILE, OnnxConversion.convert(conf, dir, loaded, images).toUri().toString());
                com.fruits.common.Lineage.set(conf, ENGINE, "onnxruntime " + OnnxRuntimeNatives.version());
            } catch (OnnxConversion.NotConvertible e) {
                System.err.println("featurize: " + e.getMessage() + "; running it on TensorFlow instead");
                conf.set(FeaturizeConfigKeys.ENGINE.property(), "tensorflow");
                com.fruits.common.Lineage.set(conf, ENGINE, "tensorflow " + org.tensorflow.TensorFlow.version());
            }
        }
    }

    /** The SavedModel, loaded and run once on a blank image; a truncated or corrupt one is named in one sentence. */
    private static TensorFlowFeatureModel load(Path dir, String model) {
        TensorFlowFeatureModel loaded = null;
        try {
            loaded = TensorFlowFeatureModel.load(dir, 1);
            loaded.features(new float[MobileNetPreprocessor.VALUES], 1, new float[FeatureRow.DIMENSIONS]);
            return loaded;
        } catch (RuntimeException e) {
            if (loaded != null) {
                loaded.close();
            }
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw new UsageException("The model " + model + " is not a usable SavedModel, it may be truncated or corrupt ("
                    + cause.strip() + "); copy or export it again (README.md, 'Getting the images and the model')");
        }
    }
}

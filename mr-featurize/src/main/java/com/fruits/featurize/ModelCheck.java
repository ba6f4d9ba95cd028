package com.fruits.featurize;

import com.fruits.common.FeatureModel;
import com.fruits.common.FruitsConfigKeys;
import com.fruits.common.MobileNetPreprocessor;
import com.fruits.common.UsageException;
import com.fruits.featurize.onnx.OnnxConversion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads a local model once in the driver and runs it on one blank image before any job: a truncated
 * or corrupt SavedModel is then named in one sentence, instead of failing every map task with
 * TensorFlow's stack trace. A model on HDFS or S3 is an archive that the tasks unpack and load.
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    /**
     * Also, with {@code --engine onnxruntime}: converts the Keras weights, checks the ONNX model against
     * the SavedModel on the first images of {@code input}, and names the converted file in
     * {@link #ONNX_FILE} for {@link ModelCache#ship}.
     */
    public static void loadable(Configuration conf, org.apache.hadoop.fs.Path input) throws IOException {
        loadable(conf);
        if (!OnnxConversion.wanted(conf)) {
            return;
        }
        Path dir = ModelCache.findSavedModel(Paths.get(new org.apache.hadoop.fs.Path(FruitsConfigKeys.MODEL.get(conf)).toUri().getPath()));
        if (dir == null) {
            throw new UsageException("--engine onnxruntime needs --model as a local SavedModel folder, to check the conversion against");
        }
        Configuration few = new Configuration(conf);
        few.setLong(FruitsConfigKeys.LIMIT.property(), 4);
        java.util.List<byte[]> images = new java.util.ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus file : WholeFileInputFormat.list(few, input)) {
            try (java.io.InputStream in = file.getPath().getFileSystem(conf).open(file.getPath())) {
                images.add(in.readAllBytes());
            } catch (IOException e) {
                // unreadable: the job rejects it
            }
        }
        try {
            conf.set(ONNX_FILE, OnnxConversion.convert(conf, dir, images).toUri().toString());
        } catch (OnnxConversion.NotConvertible e) {
            System.err.println("featurize: " + e.getMessage() + "; running it on TensorFlow instead");
            conf.set(FruitsConfigKeys.ENGINE.property(), "tensorflow");
        }
    }

    /** Set by {@link #loadable(Configuration, org.apache.hadoop.fs.Path)}: the converted model the job ships. */
    public static final String ONNX_FILE = "fruits.featurize.onnx.file";

    public static void loadable(Configuration conf) throws IOException {
        String model = FruitsConfigKeys.MODEL.require(conf);
        ModelCache.fingerprint(conf); // names a missing model, and reads every byte of it
        URI uri = new org.apache.hadoop.fs.Path(model).toUri();
        if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            return;
        }
        Path dir = ModelCache.findSavedModel(Paths.get(uri.getPath()));
        if (dir == null) {
            return; // a local archive: the tasks unpack it
        }
        float[] features = new float[FeatureModel.DIMENSIONS];
        try (FeatureModel loaded = FeatureModel.load(dir, 1)) {
            loaded.features(new float[MobileNetPreprocessor.VALUES], 1, features);
        } catch (RuntimeException e) {
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw new UsageException("The model " + model + " is not a usable SavedModel, it may be truncated or corrupt ("
                    + cause.strip() + "); copy or export it again (README.md, 'Getting the images and the model')");
        }
    }
}

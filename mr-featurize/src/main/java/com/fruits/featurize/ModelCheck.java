package com.fruits.featurize;

import com.fruits.common.FeatureModel;
import com.fruits.common.FruitsConfigKeys;
import com.fruits.common.MobileNetPreprocessor;
import com.fruits.common.UsageException;
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

package com.fruits.serve;

import com.fruits.common.Lineage;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.ImageFeaturizer;
import com.fruits.featurize.ModelCache;
import com.fruits.featurize.ModelCheck;
import com.fruits.featurize.image.ImageDecoder;
import com.fruits.featurize.image.ImageRejectedException;
import com.fruits.featurize.model.FeatureEngine;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import com.fruits.featurize.onnx.OnnxFeatureModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of inference sessions, one thread each: the featurize mapper's {@link ImageFeaturizer} over
 * the engine and model the run's lineage names, so that a photo gets the vector the batch job gave it.
 * The HTTP layer admits at most {@link #size()} requests at a time, so taking a session never waits long.
 */
final class SessionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);
    private final BlockingQueue<ImageFeaturizer> idle;
    private final List<ImageFeaturizer> all;
    private final String engine;

    private SessionPool(List<ImageFeaturizer> sessions) {
        this.all = sessions;
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
        this.engine = sessions.get(0).engine();
    }

    /**
     * Loads {@code --model} as the run was featurized: the same weights (fingerprint), the same engine and
     * version; for ONNX Runtime the conversion an earlier run checked (or converted and checked now).
     */
    static SessionPool open(Configuration conf, ServedRun run, int sessions) throws IOException {
        String madeBy = run.engine();
        String engineName = madeBy.split(" ")[0];
        conf.set(FeaturizeConfigKeys.ENGINE.property(), engineName);
        String fingerprint = ModelCache.fingerprint(conf);
        if (!fingerprint.equals(run.modelFingerprint())) {
            throw new UsageException("--model " + FeaturizeConfigKeys.MODEL.get(conf) + " (" + fingerprint.substring(0, 12)
                    + ") is not the feature model " + run.run() + " was featurized with (" + run.modelFingerprint()
                    .substring(0, Math.min(12, run.modelFingerprint().length())) + "); give that model");
        }
        String input = Lineage.read(conf, new Path(run.run(), com.fruits.common.RunFolders.FEATURES)).get(Lineage.INPUT);
        ModelCheck.loadable(conf, input == null ? null : new Path(input));
        if (!engineName.equals(conf.get(FeaturizeConfigKeys.ENGINE.property()))) {
            throw new UsageException("The run's vectors were made by " + madeBy + ", which cannot run this model here");
        }
        ImageDecoder.loadNativesInBackground();
        long maxPixels = FeaturizeConfigKeys.MAX_PIXELS.getLong(conf);
        List<ImageFeaturizer> loaded = new ArrayList<>();
        byte[] onnx = engineName.equals("onnxruntime")
                ? Files.readAllBytes(Paths.get(URI.create(conf.get(ModelCheck.ONNX_FILE)))) : null;
        java.nio.file.Path savedModel = onnx == null ? ModelCache.localSavedModel(conf) : null;
        try {
            for (int i = 0; i < sessions; i++) {
                // One thread per session, as one map task per core uses: the same kernels, the same sums.
                FeatureEngine engine = onnx != null ? OnnxFeatureModel.load(onnx, 1) : TensorFlowFeatureModel.load(savedModel, 1);
                loaded.add(new ImageFeaturizer(engine, maxPixels, 1, run.reading()));
            }
        } catch (RuntimeException e) {
            loaded.forEach(ImageFeaturizer::close);
            throw e;
        }
        if (!loaded.get(0).engine().equals(madeBy)) {
            loaded.forEach(ImageFeaturizer::close);
            throw new UsageException(run.run() + "'s vectors were made by " + madeBy + ", this suite runs "
                    + loaded.get(0).engine() + ": its vectors would not be the run's; serve it with the suite version that "
                    + "made it, or featurize the run again");
        }
        return new SessionPool(loaded);
    }

    /** The photo's 1280-d vector, on the first idle session. */
    float[] vector(byte[] photo) throws ImageRejectedException, InterruptedException {
        ImageFeaturizer session = idle.take();
        try {
            return session.vector(photo);
        } finally {
            idle.add(session);
        }
    }

    int size() {
        return all.size();
    }

    String engine() {
        return engine;
    }

    /**
     * Closes each session once it is idle, never one still running inference (its natives would be freed under
     * it); a session still busy after {@code grace} is left open, to the process's exit.
     */
    void close(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (int i = 0; i < all.size(); i++) {
            ImageFeaturizer session = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (session == null) {
                LOG.warn("serve: {} inference session(s) still busy after {} s; left open", all.size() - i, grace.toSeconds());
                return;
            }
            session.close();
        }
    }

    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

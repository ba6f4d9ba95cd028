package com.fruits.featurize;

import com.fruits.common.FeatureRow;
import com.fruits.featurize.image.ImageDecoder;
import com.fruits.featurize.image.ImageRejectedException;
import com.fruits.featurize.model.SharedEngines;
import com.fruits.featurize.model.TensorFlowFeatureModel;
import com.fruits.featurize.onnx.OnnxConversion;
import com.fruits.featurize.onnx.OnnxFeatureModel;
import com.fruits.featurize.onnx.OnnxRuntimeNatives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;

/**
 * (path, JPEG bytes) to a Parquet row (path, label, 1280 floats). Loads the model from the distributed
 * cache once per task in {@link #setup}, preprocesses each image into a batch and runs the model per
 * batch. Files that do not decode go to the {@code rejected} side output with their reason.
 */
public class FeaturizeMapper extends Mapper<Text, BytesWritable, Void, FeatureRow> {
    /** Named output of rejected files: path, reason, bytes, detail. */
    public static final String REJECTED = "rejected";
    /**
     * Where the rejected side output is committed with the task's vectors: a hidden folder of the job's
     * output (readers of the Parquet skip it) that {@link InputIndex#commit} moves beside the vectors.
     */
    static final String REJECTED_STAGING = "_rejected";
    /** Named output of every read file's content hash (path, SHA-256 hex), merged into the input index at commit. */
    public static final String CONTENT = "content";
    static final String CONTENT_STAGING = "_content";
    /**
     * Set for an incremental batch: a file of the content hashes the run already holds, one a line. A photo with
     * one of them is not featurized again; the pipeline resolves it as a move or a duplicate after the job.
     */
    public static final String KNOWN_CONTENT = "fruits.featurize.known.content";
    static final String REJECTED_GROUP = "Rejected files by reason";
    /** The qualified input folder, set by the job: labels are the first folder under it ({@link ImageLabels}). */
    static final String INPUT_ROOT = "fruits.featurize.input.root";

    private ImageFeaturizer featurizer;
    private MultipleOutputs<Void, FeatureRow> outputs;
    private String[] paths;
    private String[] labels;
    private String root;
    private SharedEngines.Lease model;
    private final ContentHash contentHash = new ContentHash();
    private java.util.Set<String> known = java.util.Set.of();

    @Override
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        ImageDecoder.loadNativesInBackground();
        int batchSize = Math.max(1, FeaturizeConfigKeys.BATCH_SIZE.getInt(conf));
        root = conf.get(INPUT_ROOT, "");
        int threads = FeaturizeConfigKeys.TF_THREADS.getInt(conf);
        if (OnnxConversion.wanted(conf)) {
            OnnxRuntimeNatives.prepare(conf);
            java.nio.file.Path onnx = ModelCache.localOnnxFile(context);
            // The local runner's maps (threads of one JVM, one per core) share one session of their job's model:
            // only the map that loads it reads the file.
            model = SharedEngines.acquire(onnx + " threads=" + threads, () -> {
                try {
                    return OnnxFeatureModel.load(java.nio.file.Files.readAllBytes(onnx), threads);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not read the converted model " + onnx + ": " + e.getMessage(), e);
                }
            });
        } else {
            java.nio.file.Path savedModel = ModelCache.localModelDir(context);
            model = SharedEngines.unshared(() -> TensorFlowFeatureModel.load(savedModel, threads));
        }
        featurizer = new ImageFeaturizer(model, FeaturizeConfigKeys.MAX_PIXELS.getLong(conf), batchSize,
                FeaturizeConfigKeys.reading(conf));
        outputs = new MultipleOutputs<>(context);
        String knownFile = conf.get(KNOWN_CONTENT);
        if (knownFile != null) {
            Path file = new Path(knownFile);
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    file.getFileSystem(conf).open(file), java.nio.charset.StandardCharsets.UTF_8))) {
                known = in.lines().collect(java.util.stream.Collectors.toSet());
            }
        }
        paths = new String[batchSize];
        labels = new String[batchSize];
    }

    @Override
    protected void map(Text path, BytesWritable file, Context context) throws IOException, InterruptedException {
        context.getCounter(FeaturizeCounters.IMAGES_READ).increment(1);
        context.getCounter(FeaturizeCounters.BYTES_READ).increment(file.getLength());
        byte[] bytes = file.getLength() == file.getCapacity() ? file.getBytes()
                : Arrays.copyOf(file.getBytes(), file.getLength());
        // A photo is known by its bytes: the hash goes into the input index (moves, copies, erasures).
        String content = contentHash.of(bytes);
        outputs.write(CONTENT, path, new Text(content), CONTENT_STAGING + "/part");
        if (known.contains(content)) {
            context.getCounter(REJECTED_GROUP, RejectReason.KNOWN_BYTES.name()).increment(1);
            return;
        }
        int slot = featurizer.pending();
        boolean full;
        try {
            if (bytes.length == 0) {
                checkReallyEmpty(path, context);
            }
            full = featurizer.add(bytes);
        } catch (ImageRejectedException e) {
            context.getCounter(FeaturizeCounters.IMAGES_REJECTED).increment(1);
            context.getCounter(REJECTED_GROUP, e.reason().name()).increment(1);
            outputs.write(REJECTED, path, new Text(e.reason().name() + "\t" + file.getLength() + "\t"
                    + e.getMessage().replaceAll("[\t\n\r]", " ")), REJECTED_STAGING + "/part");
            return;
        }
        String name = path.toString();
        paths[slot] = name;
        String label = ImageLabels.labelOf(root, name);
        labels[slot] = label != null ? label : new Path(name).getParent().getName(); // the listing rejected root files
        if (full) {
            flush(context);
        }
    }

    /** No bytes is an empty file, or one the record reader could not read (it logged why). */
    private static void checkReallyEmpty(Text path, Context context) throws ImageRejectedException {
        Path file = new Path(path.toString());
        long length;
        try {
            length = file.getFileSystem(context.getConfiguration()).getFileStatus(file).getLen();
        } catch (IOException e) {
            throw new ImageRejectedException(RejectReason.UNREADABLE, "gone since it was listed (" + e.getMessage() + ")");
        }
        if (length > 0) {
            throw new ImageRejectedException(RejectReason.UNREADABLE, length + " bytes listed, none could be read "
                    + "(the task log says why)");
        }
    }

    private void flush(Context context) throws IOException, InterruptedException {
        if (featurizer.pending() == 0) {
            return;
        }
        float[][] vectors = featurizer.run();
        context.getCounter(FeaturizeCounters.BATCHES).increment(1);
        for (int i = 0; i < vectors.length; i++) {
            context.write(null, new FeatureRow(paths[i], labels[i], vectors[i]));
        }
        context.getCounter(FeaturizeCounters.IMAGES_FEATURIZED).increment(vectors.length);
        context.progress();
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        try {
            if (featurizer != null) {
                flush(context);
                context.getCounter(FeaturizeCounters.DECODE_MILLIS).increment(featurizer.decodeNanos() / 1_000_000);
                context.getCounter(FeaturizeCounters.INFERENCE_MILLIS).increment(featurizer.inferenceNanos() / 1_000_000);
            }
        } finally {
            if (outputs != null) {
                outputs.close();
            }
            if (featurizer != null) {
                featurizer.close(); // waits for the model's load, also in a task whose every image was rejected
                context.getCounter(FeaturizeCounters.MODEL_LOAD_MILLIS).increment(model.loadMillis());
            }
        }
    }
}

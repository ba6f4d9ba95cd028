package com.fruits.serve;

import com.fruits.common.Lineage;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunFolders;
import com.fruits.common.UsageException;
import com.fruits.evaluate.LabelEvaluation;
import com.fruits.evaluate.NearestLabels;
import com.fruits.featurize.ModelCheck;
import com.fruits.featurize.image.PhotoReading;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import com.fruits.pca.Projection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What {@code fruits serve} answers from, read from a complete pipeline run: the PCA the run was projected
 * with (its id checked against the projected Parquet's), the projected vectors with their labels (no
 * path is kept: the service never names another user's photo), and the lineage ids a client gets back.
 * Immutable; {@link #signature} tells when the run changed on storage (an erasure, a new batch).
 */
public final class ServedRun {
    private final Path run;
    private final Path pca;
    private final Projection projection;
    private final NearestLabels labels;
    private final Map<String, String> featureLineage;
    private final String pcaModelId;
    private final int k;
    private final String signature;

    private ServedRun(Path run, Path pca, Projection projection, NearestLabels labels, Map<String, String> featureLineage,
                      String pcaModelId, int k, String signature) {
        this.run = run;
        this.pca = pca;
        this.projection = projection;
        this.labels = labels;
        this.featureLineage = featureLineage;
        this.pcaModelId = pcaModelId;
        this.k = k;
        this.signature = signature;
    }

    /** Reads the run; a folder that is not a complete run, or a PCA that is not the run's, is one sentence. */
    public static ServedRun read(Configuration conf, Path run, Path pca) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        if (!fs.exists(run)) {
            throw new UsageException("--run " + run + " does not exist");
        }
        if (!RunFolders.isComplete(conf, run)) {
            throw new UsageException(run + " is not a complete pipeline run (unfinished, or not a run at all); finish it "
                    + "with 'pipeline --incremental' or give the output folder of a 'fruits pipeline' run");
        }
        Path pcaDir = pca != null ? pca : new Path(run, RunFolders.PCA);
        if (!fs.exists(new Path(pcaDir, PcaModelFiles.COMPONENTS))) {
            throw new UsageException("No PCA model in " + pcaDir + (pca != null ? "" : "; the run was projected with "
                    + "another run's PCA (--pca-from): give that run's pca/ folder with --pca"));
        }
        FileStatus[] parts = fs.globStatus(new Path(run, RunFolders.PROJECTED + "/part-*.parquet"));
        if (parts == null || parts.length == 0) {
            throw new UsageException(run + " holds no projected vectors (" + RunFolders.PROJECTED + "/part-*.parquet)");
        }
        Arrays.sort(parts);
        List<String> names = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        Map<String, String> projectedLineage = new TreeMap<>();
        for (FileStatus part : parts) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(part.getPath(), conf))) {
                reader.getFooter().getFileMetaData().getKeyValueMetaData().forEach((key, value) -> {
                    if (key.startsWith("fruits.")) {
                        projectedLineage.put(key.substring("fruits.".length()), value);
                    }
                });
            }
            for (Group row : ParquetGroups.read(part.getPath(), conf)) {
                names.add(row.getString("label", 0));
                rows.add(ParquetGroups.list(row, "pca_features"));
            }
        }
        PcaModel model = PcaModelFiles.read(pcaDir, conf);
        String projectedWith = projectedLineage.get(Lineage.PCA_MODEL_ID);
        if (projectedWith != null && !projectedWith.equals(model.id())) {
            throw new UsageException("The PCA model in " + pcaDir + " (" + model.id() + ") is not the one " + run
                    + " was projected with (" + projectedWith + "); give the right one with --pca");
        }
        Map<String, String> featureLineage = Lineage.read(conf, new Path(run, RunFolders.FEATURES));
        if (featureLineage.get(ModelCheck.ENGINE) == null || featureLineage.get(Lineage.MODEL_FINGERPRINT) == null) {
            throw new UsageException(run + " does not record its feature model and engine (features/" + Lineage.FILE
                    + "); featurize it again with this version of the suite");
        }
        boolean centered = Boolean.parseBoolean(projectedLineage.getOrDefault(Lineage.PCA_CENTERED, "false"));
        return new ServedRun(run, pcaDir, new Projection(model, centered),
                new NearestLabels(new LabelEvaluation.Vectors(names.toArray(String[]::new), rows.toArray(double[][]::new))),
                featureLineage, model.id(), model.k(), signature(conf, run, pcaDir));
    }

    /** Names, sizes and times of the files the service reads: any change (erase, rectify, new batch) changes it. */
    public static String signature(Configuration conf, Path run, Path pca) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        StringBuilder out = new StringBuilder();
        for (Path glob : List.of(new Path(run, RunFolders.PROJECTED + "/part-*"), new Path(pca, "*.parquet"),
                new Path(run, RunFolders.FEATURES + "/" + Lineage.FILE), new Path(run, RunFolders.MARKER))) {
            FileStatus[] files = fs.globStatus(glob);
            if (files != null) {
                Arrays.sort(files);
                for (FileStatus f : files) {
                    out.append(f.getPath().getName()).append(':').append(f.getLen()).append(':')
                            .append(f.getModificationTime()).append(';');
                }
            }
        }
        return out.toString();
    }

    public Path run() {
        return run;
    }

    public Path pca() {
        return pca;
    }

    public Projection projection() {
        return projection;
    }

    public NearestLabels labels() {
        return labels;
    }

    /** The engine and version that made the run's vectors: {@code onnxruntime 1.22.0}. */
    public String engine() {
        return featureLineage.get(ModelCheck.ENGINE);
    }

    /** How the run's JPEGs were decoded: the service decodes photos the same way. */
    /** How the run read its photos: the service reads the photos it is sent the same way. */
    public PhotoReading reading() {
        return PhotoReading.ofLineage(featureLineage);
    }

    public String modelFingerprint() {
        return featureLineage.get(Lineage.MODEL_FINGERPRINT);
    }

    public String pcaModelId() {
        return pcaModelId;
    }

    public int k() {
        return k;
    }

    public String signature() {
        return signature;
    }
}

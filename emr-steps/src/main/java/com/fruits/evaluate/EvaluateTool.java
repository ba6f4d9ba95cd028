package com.fruits.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fruits.common.CommandOptions;
import com.fruits.common.Lineage;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunFolders;
import com.fruits.common.UsageException;
import com.fruits.featurize.InputIndex;
import com.fruits.featurize.image.PhotoReading;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * {@code fruits evaluate --train <run> --test <run>}: classifies the test run's projected vectors
 * against the train run's and writes {@code evaluation.json} into the test run. Both runs must have
 * been projected with the same PCA model (same model id in their Parquet metadata).
 */
public class EvaluateTool extends Configured implements Tool {
    public static final String FILE = "evaluation.json";
    public static final CommandOptions OPTIONS = new CommandOptions("evaluate",
            "Classifies every projected vector of --test against those of --train (1-nearest-neighbour by cosine,\n"
                    + "nearest label centroid) and writes accuracy, per-label recall and the most confused labels\n"
                    + "to <test>/evaluation.json.",
            List.of(EvaluateConfigKeys.TRAIN, EvaluateConfigKeys.TEST));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        Path trainRun = new Path(EvaluateConfigKeys.TRAIN.require(conf));
        Path testRun = new Path(EvaluateConfigKeys.TEST.require(conf));
        Run train = read(trainRun, conf);
        Run test = read(testRun, conf);
        PhotoReading.requireSame(test.reading, "The test run " + testRun, train.reading, "the train run " + trainRun);
        if (!Objects.equals(train.pcaModelId, test.pcaModelId)) {
            throw new UsageException("The runs were projected with different PCA models (" + train.pcaModelId + " and "
                    + test.pcaModelId + "); run the test images with --pca-from " + trainRun);
        }
        java.util.Set<String> shared = new java.util.HashSet<>(test.paths);
        shared.retainAll(new java.util.HashSet<>(train.paths));
        if (!shared.isEmpty()) {
            throw new UsageException("The train and test runs share " + shared.size() + " image(s) (e.g. "
                    + shared.iterator().next() + "); an evaluation on images it was given as references measures "
                    + "nothing, so give a test run of other images");
        }
        // A byte copy of a training photo under another name is the same photo: its nearest neighbour is itself.
        java.util.Map<String, String> trainByContent = new java.util.HashMap<>();
        java.util.Set<String> trainPaths = new java.util.HashSet<>(train.paths);
        InputIndex.contents(conf, new Path(trainRun, RunFolders.FEATURES)).forEach((path, sha) -> {
            if (trainPaths.contains(path)) {
                trainByContent.put(sha, path);
            }
        });
        java.util.Map<String, String> copies = new java.util.TreeMap<>();
        InputIndex.contents(conf, new Path(testRun, RunFolders.FEATURES)).forEach((path, sha) -> {
            if (trainByContent.containsKey(sha) && test.paths.contains(path)) {
                copies.put(path, trainByContent.get(sha));
            }
        });
        if (!copies.isEmpty()) {
            var first = copies.entrySet().iterator().next();
            throw new UsageException("The test run holds " + copies.size() + " photo(s) whose bytes are in the train run (e.g. "
                    + first.getKey() + " is " + first.getValue() + "); an evaluation on copies of its references measures "
                    + "nothing, so give a test run of other photos");
        }
        LabelEvaluation.Result result = LabelEvaluation.evaluate(train.vectors, test.vectors);
        Path file = new Path(testRun, FILE);
        try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, json(result, trainRun, testRun,
                    train.pcaModelId));
        }
        System.out.printf(Locale.ROOT, "evaluate: %d test rows against %d train rows: 1-NN (cosine) accuracy %.4f, "
                        + "nearest centroid accuracy %.4f; details in %s%n", result.testRows(), result.trainRows(),
                result.nearestNeighbourAccuracy(), result.centroidAccuracy(), file);
        return 0;
    }

    private record Run(LabelEvaluation.Vectors vectors, String pcaModelId, List<String> paths, PhotoReading reading) {
    }

    private static Run read(Path run, Configuration conf) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        if (!RunFolders.isComplete(conf, run)) {
            throw new UsageException(run + " is an unfinished run (killed or failed); finish it with "
                    + "'pipeline --incremental' before evaluating it");
        }
        FileStatus[] parts = fs.globStatus(new Path(run, RunFolders.PROJECTED + "/part-*.parquet"));
        if (parts == null || parts.length == 0) {
            throw new UsageException(run + " holds no projected Parquet (" + RunFolders.PROJECTED
                    + "/part-*.parquet); give the output folder of a 'fruits pipeline' run");
        }
        List<String> labels = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        String pcaModelId = null;
        for (FileStatus part : parts) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(part.getPath(), conf))) {
                pcaModelId = reader.getFooter().getFileMetaData().getKeyValueMetaData()
                        .get("fruits." + Lineage.PCA_MODEL_ID);
            }
            for (Group row : ParquetGroups.read(part.getPath(), conf)) {
                labels.add(row.getString("label", 0));
                paths.add(row.getString("path", 0));
                rows.add(ParquetGroups.list(row, "pca_features"));
            }
        }
        return new Run(new LabelEvaluation.Vectors(labels.toArray(String[]::new), rows.toArray(double[][]::new)),
                pcaModelId, paths, PhotoReading.ofLineage(Lineage.read(conf, new Path(run, RunFolders.FEATURES))));
    }

    private static Map<String, Object> json(LabelEvaluation.Result r, Path train, Path test, String pcaModelId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("train", train.toString());
        json.put("test", test.toString());
        json.put("pca_model_id", pcaModelId);
        json.put("train_rows", r.trainRows());
        json.put("test_rows", r.testRows());
        json.put("nearest_neighbour_cosine_accuracy", r.nearestNeighbourAccuracy());
        json.put("nearest_centroid_accuracy", r.centroidAccuracy());
        List<Map<String, Object>> recall = new ArrayList<>();
        r.recallByLabel().forEach((label, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", label);
            row.put("test_rows", (int) v[2]);
            row.put("nearest_neighbour_recall", v[0]);
            row.put("nearest_centroid_recall", v[1]);
            recall.add(row);
        });
        json.put("recall_by_label", recall);
        List<Map<String, Object>> confused = new ArrayList<>();
        for (LabelEvaluation.Confusion c : r.mostConfused()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", c.actual());
            row.put("classified_as", c.predicted());
            row.put("count", c.count());
            confused.add(row);
        }
        json.put("most_confused_nearest_neighbour", confused);
        return json;
    }
}

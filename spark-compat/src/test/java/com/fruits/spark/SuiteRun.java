package com.fruits.spark;

import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.pca.CovarianceAccumulator;
import com.fruits.pca.CovariancePartial;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * A run folder as the suite writes it, from the 987 reference vectors: {@code features/} written as the
 * featurize job writes it (with its bookkeeping beside the Parquet), {@code pca/} fitted and written as
 * the covariance job does.
 */
record SuiteRun(List<FeatureRow> rows, PcaModel model) {
    static SuiteRun write(Path run, int k) throws Exception {
        Configuration conf = new Configuration();
        List<FeatureRow> rows = new ArrayList<>();
        for (Group row : ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet"))) {
            double[] v = ParquetGroups.list(row, "features");
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            rows.add(new FeatureRow(row.getString("path", 0), row.getString("label", 0), f));
        }
        Path features = run.resolve("features");
        org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(features.resolve("part-m-00000.snappy.parquet").toUri());
        try (ParquetWriter<FeatureRow> out = new FeatureRowWriteSupport.Builder(HadoopOutputFile.fromPath(part, conf), Map.of())
                .withConf(conf).build()) {
            for (FeatureRow row : rows) {
                out.write(row);
            }
        }
        // The bookkeeping a featurize job leaves beside its vectors, which readers must skip.
        Files.createDirectories(features.resolve("_inputs"));
        Files.writeString(features.resolve("_inputs/20261126T000000000Z.tsv"), "file:/in/Apple/1.jpg\t5000\t0\n");
        Files.writeString(features.resolve("_lineage.properties"), "model.fingerprint=abc\n");
        Files.writeString(features.resolve("_SUCCESS"), "");

        CovarianceAccumulator accumulator = new CovarianceAccumulator(FeatureRow.DIMENSIONS);
        rows.forEach(r -> accumulator.add(r.features()));
        CovariancePartial all = accumulator.result();
        double[][] scatter = new double[FeatureRow.DIMENSIONS][FeatureRow.DIMENSIONS];
        for (int i = 0; i < FeatureRow.DIMENSIONS; i++) {
            System.arraycopy(all.scatter(), i * FeatureRow.DIMENSIONS, scatter[i], 0, FeatureRow.DIMENSIONS);
        }
        PcaModel model = PcaModel.fit(all.n(), all.mean(), scatter, k);
        PcaModelFiles.write(model, new org.apache.hadoop.fs.Path(run.resolve("pca").toUri()), conf);
        return new SuiteRun(rows, model);
    }
}

package com.fruits.pca;

import com.fruits.common.FeatureRow;
import com.fruits.common.PcaCounters;
import com.fruits.common.ProjectedRow;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.SubjectManifest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Mapper;

/** A vector row (path, label, 1280 floats) to a Parquet row (path, label, k PCA coordinates). */
public class ProjectionMapper extends Mapper<Void, FeatureRow, Void, ProjectedRow> {
    private Projection projection;
    private Map<String, String> subjects = Map.of();

    @Override
    @SuppressWarnings("deprecation") // getLocalCacheFiles is the call that works on YARN and locally alike.
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        Path components = null;
        Path stats = null;
        Path manifest = null;
        for (Path file : context.getLocalCacheFiles()) {
            if (file.getName().equals(PcaModelFiles.COMPONENTS)) {
                components = file;
            } else if (file.getName().equals(PcaModelFiles.STATS)) {
                stats = file;
            } else {
                manifest = file; // only shipped with --subject-column
            }
        }
        if (components == null || stats == null) {
            throw new IOException("The PCA model is not in this task's distributed cache");
        }
        Configuration local = new Configuration(conf);
        local.set("fs.defaultFS", "file:///");
        PcaModel model = PcaModelFiles.read(components, stats, local);
        if (RunConfigKeys.SUBJECT_COLUMN.getBoolean(conf) && manifest != null) {
            subjects = new HashMap<>();
            for (SubjectManifest.Entry e : SubjectManifest.read(manifest, local).entries()) {
                subjects.put(e.path(), e.subjectId());
            }
        }
        projection = new Projection(model, PcaConfigKeys.CENTER.getBoolean(conf));
    }

    @Override
    protected void map(Void key, FeatureRow vector, Context context) throws IOException, InterruptedException {
        double[] out = projection.project(vector.features());
        context.write(null, new ProjectedRow(vector.path(), vector.label(), out, subjects.get(vector.path())));
        context.getCounter(PcaCounters.VECTORS_PROJECTED).increment(1);
    }
}

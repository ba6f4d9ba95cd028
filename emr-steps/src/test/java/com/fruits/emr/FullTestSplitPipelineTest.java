package com.fruits.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.ParquetGroups;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.pca.PcaModel;
import com.fruits.pca.PcaModelFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on all 22,688 Test images against the original's PCA of them, then the Training
 * sample projected with it and evaluated (about 6 minutes on 2 cores, so tagged {@code full} and left
 * out of the default run):
 * {@code ./mvnw -B verify -pl emr-steps -am -Dsurefire.groups=full -Dsurefire.excludedGroups=none}.
 */
@Tag("full")
class FullTestSplitPipelineTest {

    @TempDir
    Path tmp;

    @Test
    void explainedVarianceOfTheFirstComponentsEqualsTheReference() throws Exception {
        Configuration conf = LocalJobConf.in(tmp);
        Path output = tmp.resolve("run");
        assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline", "--input", SharedData.testImages().toString(),
            "--output", output.toString(), "--model", SharedData.model().toString()}));

        PcaModel model = PcaModelFiles.read(new org.apache.hadoop.fs.Path(output.resolve("pca").toUri()), conf);
        List<Group> reference = ParquetGroups.read(SharedData.reference().resolve("pca-components.parquet"));
        assertEquals(22_688, model.n());
        double worst = 0;
        for (Group row : reference.subList(0, 10)) {
            int c = row.getInteger("component", 0);
            worst = Math.max(worst, Math.abs(model.explainedVariance()[c] - row.getDouble("explained_variance", 0)));
        }
        System.out.printf("Full Test split: max |explained variance - reference| over the first 10 components %.3g%n",
                worst);
        assertTrue(worst <= 1e-3, "explained variance differs by " + worst);
        assertEquals(22_688, ProjectedParquet.check(new org.apache.hadoop.fs.Path(output.resolve("projected").toUri()),
                conf, 100));

        // The Training sample (other photos of the same fruits) projected with this PCA and classified
        // against the Test run gives the reference accuracies.
        Path applied = tmp.resolve("training-sample");
        assertEquals(0, FruitsCli.run(conf, new String[] {"pipeline", "--input", SharedData.trainingSample().toString(),
            "--output", applied.toString(), "--model", SharedData.model().toString(), "--pca-from", output.toString()}));
        assertEquals(0, FruitsCli.run(conf, new String[] {"evaluate", "--train", output.toString(),
            "--test", applied.toString()}));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(applied.resolve(EvaluateTool.FILE).toFile());
        double nn = json.get("nearest_neighbour_cosine_accuracy").asDouble();
        double centroid = json.get("nearest_centroid_accuracy").asDouble();
        System.out.printf("Training-sample vs full Test run: 1-NN cosine %.4f (reference 0.9265), "
                + "nearest centroid %.4f (reference 0.8569)%n", nn, centroid);
        assertEquals(0.9265, nn, 0.005);
        assertEquals(0.8569, centroid, 0.005);
    }
}

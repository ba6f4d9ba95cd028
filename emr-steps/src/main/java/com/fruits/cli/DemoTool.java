package com.fruits.cli;

import com.fruits.common.CommandOptions;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.UsageException;
import com.fruits.featurize.FeaturizeConfigKeys;
import com.fruits.featurize.model.ModelConfigKeys;
import com.fruits.featurize.model.ModelTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits demo}: a newcomer's first run, with nothing to prepare. Finds the model (--model, else
 * the project's shared folder, else {@code fruits model fetch}: the official weights, downloaded once
 * and cached), runs the pipeline on the Fruits-360 sample shipped in {@code samples/} (Training),
 * projects the Test sample with that run's PCA, classifies it against the Training run, and says where
 * everything is. Everything runs on the embedded local job runner.
 */
public class DemoTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("demo",
            "Runs the pipeline on the Fruits-360 sample in samples/ (Training, then Test with its PCA), evaluates\n"
                    + "Test against Training and prints where the Parquet and report.html are. Without --model it uses\n"
                    + "../shared's model, else fetches the official Keras weights once (fruits model fetch): from --url,\n"
                    + "or from a weight file already downloaded with --from <file> on a machine without internet access.",
            List.of(RunConfigKeys.OUTPUT, FeaturizeConfigKeys.MODEL, ModelConfigKeys.FROM, ModelConfigKeys.URL,
                    ModelConfigKeys.DOWNLOAD_TIMEOUT, FeaturizeConfigKeys.ENGINE));
    /** Set by bin/fruits: the checkout, where samples/ and ../shared are. */
    static final String HOME = "fruits.home";
    /** The project's shared data folder, by default ../shared beside the checkout (as the tests find it). */
    static final String SHARED = "fruits.shared";

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        long start = System.nanoTime();
        Path home = Path.of(conf.get(HOME, System.getProperty(HOME, ".")));
        Path samples = home.resolve("samples/fruits-360");
        if (!Files.isDirectory(samples.resolve("Training")) || !Files.isDirectory(samples.resolve("Test"))) {
            throw new UsageException("the demo's sample images are not in " + samples.toAbsolutePath().normalize()
                    + "; run bin/fruits demo from a checkout of the suite, or run 'fruits pipeline' on your own --input");
        }
        String model = model(conf, home);
        String output = RunConfigKeys.OUTPUT.get(conf);
        Path out = Path.of(output != null ? output : home.resolve("target/fruits-demo").toString()).toAbsolutePath().normalize();
        String train = out.resolve("train").toString();
        String test = out.resolve("test").toString();
        String engine = FeaturizeConfigKeys.ENGINE.get(conf);
        System.out.println("demo: model " + model + "; photos " + samples.toAbsolutePath().normalize() + "; results in " + out);
        int code = FruitsCli.run(new Configuration(conf), new String[] {"pipeline", "--input",
                samples.resolve("Training").toString(), "--output", train, "--model", model, "--engine", engine, "--overwrite"});
        if (code == 0) {
            code = FruitsCli.run(new Configuration(conf), new String[] {"pipeline", "--input",
                    samples.resolve("Test").toString(), "--output", test, "--model", model, "--engine", engine,
                    "--pca-from", train, "--overwrite"});
        }
        if (code == 0) {
            code = FruitsCli.run(new Configuration(conf), new String[] {"evaluate", "--train", train, "--test", test});
        }
        if (code != 0) {
            return code;
        }
        System.out.printf(Locale.ROOT, "%n== fruits demo: done in %.1f s ==%n"
                        + "Parquet (Training sample, 100-d): %s/projected%n"
                        + "Parquet (Test sample, same PCA):  %s/projected%n"
                        + "report: %s/report.html%n"
                        + "evaluation: %s/evaluation.json%n"
                        + "Your own photos: bin/fruits pipeline --input <folder of <Label>/<photo>.jpg> --output <dir> --model %s%n",
                (System.nanoTime() - start) / 1e9, train, test, train, test, model);
        return 0;
    }

    /** --model, else ../shared's SavedModel beside the checkout, else the official weights fetched and built once. */
    private static String model(Configuration conf, Path home) throws Exception {
        String given = FeaturizeConfigKeys.MODEL.get(conf);
        if (given != null) {
            return given;
        }
        if (ModelConfigKeys.FROM.get(conf) != null) {
            return ModelTool.fetch(conf).toString(); // the user's own copy of the weight file comes first
        }
        Path shared = Path.of(conf.get(SHARED, System.getProperty(SHARED, home.resolve("../shared").toString())))
                .resolve("model/mobilenet_v2_features");
        if (Files.isRegularFile(shared.resolve("saved_model.pb"))) {
            return shared.toAbsolutePath().normalize().toString();
        }
        System.out.println("demo: no --model and no ../shared; using the official MobileNetV2 weights "
                + "(fruits model fetch: downloaded and built once, then taken from the cache)");
        return ModelTool.fetch(conf).toString();
    }
}

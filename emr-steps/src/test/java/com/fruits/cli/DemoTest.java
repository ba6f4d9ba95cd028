package com.fruits.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.common.FileServer;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.common.UserCache;
import com.fruits.featurize.model.ModelConfigKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fruits demo} as a newcomer runs it on a fresh machine: no ../shared, an empty cache, the
 * official weight file reachable over HTTP (a real server on loopback serving ../shared's copy), the
 * Fruits-360 sample of the checkout's samples/ folder.
 */
@Tag("job")
class DemoTest {
    private static final String H5 = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";

    @TempDir
    Path tmp;

    @Test
    void freshMachineFetchesTheWeightsRunsTheSampleAndSaysWhereEverythingIs() throws Exception {
        try (FileServer server = new FileServer()) {
            URI url = server.serve("/" + H5, Files.readAllBytes(SharedData.kerasWeights()),
                    FileServer.Behaviour.NORMAL);
            Configuration conf = LocalJobConf.in(tmp);
            conf.set(DemoTool.HOME, System.getProperty("fruits.root"));
            conf.set(DemoTool.SHARED, tmp.resolve("no-shared-here").toString());
            conf.set(UserCache.DIR, tmp.resolve("cache").toString());
            conf.set(ModelConfigKeys.URL.property(), url.toString());
            Path out = tmp.resolve("demo");
            String printed = ConsoleCapture.stdoutOf(() -> assertEquals(0,
                    FruitsCli.run(conf, new String[] {"demo", "--output", out.toString()})));

            assertTrue(printed.contains("using the official MobileNetV2 weights"), printed);
            assertTrue(printed.contains("read 524 = featurized 524 + rejected 0"), printed);
            assertTrue(printed.contains("read 262 = featurized 262 + rejected 0"), printed);
            assertTrue(printed.contains("== fruits demo: done in"), printed);
            assertTrue(printed.contains("report: " + out.resolve("train") + "/report.html"), printed);
            assertFalse(printed.contains("Counters:") || printed.contains("url to track"), "a local run keeps Hadoop's log "
                    + "and counters in the log file:\n" + printed);
            assertTrue(Files.isRegularFile(out.resolve("train/report.html")));
            assertTrue(Files.list(out.resolve("test/projected")).anyMatch(p -> p.toString().endsWith(".parquet")));
            JsonNode evaluation = new ObjectMapper().readTree(out.resolve("test/evaluation.json").toFile());
            assertEquals(262, evaluation.path("test_rows").asInt());
            // 131 labels, 4 reference photos each: chance is 0.8%; the features must do far better.
            assertTrue(evaluation.path("nearest_neighbour_cosine_accuracy").asDouble() > 0.8, evaluation.toString());
            assertEquals(1, server.requests(), "the weights are downloaded once");
        }
    }
}

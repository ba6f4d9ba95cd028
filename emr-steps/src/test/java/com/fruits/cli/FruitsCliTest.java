package com.fruits.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FruitsCliTest {

    /** docs/options.md is generated from the options enum: it must match the code. */
    @Test
    void optionsDocMatchesTheCode() throws Exception {
        Path doc = Path.of(System.getProperty("fruits.root", "..")).resolve("docs/options.md");
        String generated = FruitsCli.optionsDoc();
        if (Boolean.getBoolean("fruits.writeDocs")) {
            Files.writeString(doc, generated);
        }
        assertEquals(generated, Files.readString(doc), "docs/options.md is stale: run the tests with -Dfruits.writeDocs=true");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : new String[] {"pipeline", "featurize", "covariance", "project", "evaluate", "ceiling"}) {
            assertEquals(0, FruitsCli.run(new Configuration(), new String[] {command, "--help"}), command);
        }
        assertTrue(FruitsCli.usage().contains("evaluate"));
    }
}

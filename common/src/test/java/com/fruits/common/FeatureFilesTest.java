package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vectors' Parquet: written and read back row for row, self-describing, and old folders refused. */
class FeatureFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writesAndReadsRowsInTheStandardListLayout() throws Exception {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path features = new org.apache.hadoop.fs.Path(tmp.resolve("features").toUri());
        org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(features, "part-m-00000.parquet");
        List<FeatureRow> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] v = new float[FeatureRow.DIMENSIONS];
            for (int j = 0; j < v.length; j++) {
                v[j] = i * 1000 + j * 0.5f;
            }
            written.add(new FeatureRow("file:/in/Apple/" + i + ".jpg", "Apple", v));
        }
        try (ParquetWriter<FeatureRow> out = new FeatureRowWriteSupport.Builder(HadoopOutputFile.fromPath(part, conf),
                Map.of("fruits.model.fingerprint", "abc")).withConf(conf).build()) {
            for (FeatureRow row : written) {
                out.write(row);
            }
        }
        Files.writeString(tmp.resolve("features/_lineage.properties"), "x=y\n"); // bookkeeping, not a vector file

        assertEquals(List.of(part.toString()), FeatureFiles.list(conf, features).stream().map(p -> p.toUri().getPath())
                .map(p -> "file:" + p).toList());
        List<FeatureRow> read = new ArrayList<>();
        FeatureFiles.read(conf, part, read::add);
        assertEquals(3, read.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(written.get(i).path(), read.get(i).path());
            assertEquals("Apple", read.get(i).label());
            assertArrayEquals(written.get(i).features(), read.get(i).features());
        }
        assertNotSame(read.get(0).features(), read.get(1).features());
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(part, conf))) {
            String schema = reader.getFooter().getFileMetaData().getSchema().toString();
            assertTrue(schema.contains("required group features (LIST)") && schema.contains("required float element"), schema);
            assertEquals("abc", reader.getFooter().getFileMetaData().getKeyValueMetaData().get("fruits.model.fingerprint"));
        }
    }

    @Test
    void refusesTheSequenceFileLayoutOfEarlierVersions() throws Exception {
        Files.createDirectories(tmp.resolve("features"));
        Files.writeString(tmp.resolve("features/part-m-00000"), "SEQ");
        UsageException refused = assertThrows(UsageException.class, () -> FeatureFiles.list(new Configuration(),
                new org.apache.hadoop.fs.Path(tmp.resolve("features").toUri())));
        assertTrue(refused.getMessage().contains("are SequenceFiles of an earlier fruits version"), refused.getMessage());
    }
}

package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PCA jobs' jar: the suite jar without the inference engines, made once, manifest first. */
@Tag("unit")
class JobJarTest {
    @TempDir
    Path tmp;

    @Test
    void copiesEverythingButTheEnginesOnce() throws Exception {
        Path jar = tmp.resolve("fruits-suite.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("META-INF/MANIFEST.MF", "com/fruits/pca/CovarianceJob.class",
                    "org/tensorflow/internal/c_api/linux-x86_64/libtensorflow_cc.so.2", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "org/apache/parquet/hadoop/ParquetReader.class", "META-INF/services/javax.imageio.spi.ImageReaderSpi",
                    "META-INF/services/org.apache.hadoop.fs.FileSystem")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(name.getBytes());
                out.closeEntry();
            }
        }
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path thin = JobJar.withoutEngines(cache, jar);
        List<String> names = new ArrayList<>();
        try (JarFile in = new JarFile(thin.toFile())) {
            in.stream().forEach(e -> names.add(e.getName()));
            assertEquals("META-INF/MANIFEST.MF", new String(in.getInputStream(in.getEntry("META-INF/MANIFEST.MF")).readAllBytes()));
        }
        assertEquals(List.of("META-INF/MANIFEST.MF", "com/fruits/pca/CovarianceJob.class",
                "org/apache/parquet/hadoop/ParquetReader.class", "META-INF/services/org.apache.hadoop.fs.FileSystem"), names);
        // Made once per suite jar: the second job reuses the copy.
        long made = Files.getLastModifiedTime(thin).toMillis();
        assertEquals(thin, JobJar.withoutEngines(cache, jar));
        assertEquals(made, Files.getLastModifiedTime(thin).toMillis());
        try (var listing = Files.list(cache)) {
            assertEquals(1, listing.count());
        }
    }
}

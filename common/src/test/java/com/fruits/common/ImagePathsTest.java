package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ImagePathsTest {
    private static final Path S3 = new Path("s3a://bucket/in");
    @TempDir
    java.nio.file.Path tmp;
    /** The run's input as the outputs spell it, and as a user types it. */
    private Path local;
    private String in;

    @BeforeEach
    void input() {
        in = tmp.resolve("in").toAbsolutePath().toString();
        local = new Path("file:" + in);
    }

    @Test
    void everyLocalSpellingGivesTheOutputsSpelling() {
        for (String typed : List.of(in + "/Apple/1.jpg", "file:" + in + "/Apple/1.jpg", "file://" + in + "/Apple/1.jpg",
                "Apple/1.jpg", "./Apple/1.jpg", in + "//Apple/./1.jpg", in + "/Banana/../Apple/1.jpg", " " + in + "/Apple/1.jpg ")) {
            Set<String> spellings = ImagePaths.candidates(typed, local, tmp.resolve("elsewhere").toString());
            assertTrue(spellings.contains("file:" + in + "/Apple/1.jpg"), typed + " -> " + spellings);
        }
    }

    @Test
    void relativeToTheShellToo() {
        assertTrue(ImagePaths.candidates("in/Apple/1.jpg", local, tmp.toString()).contains("file:" + in + "/Apple/1.jpg"));
    }

    @Test
    void objectStorePathsKeepTheirBucket() {
        assertEquals("s3a://bucket/in/Apple/1.jpg", ImagePaths.candidates("s3a://bucket/in/Apple/1.jpg", S3, null).iterator().next());
        assertTrue(ImagePaths.candidates("s3://bucket/in/Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
        assertTrue(ImagePaths.candidates("Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
        assertTrue(ImagePaths.candidates(S3.toUri().getPath() + "/Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
    }

    @Test
    void namesWithSpacesColonsAndAccentsSurvive() {
        assertTrue(ImagePaths.candidates(in + "/Apple Braeburn 1/fraise été 10:30.jpg", local, null)
                .contains("file:" + in + "/Apple Braeburn 1/fraise été 10:30.jpg"));
        assertTrue(ImagePaths.candidates("Apple Braeburn 1/fraise été.jpg", local, null)
                .contains("file:" + in + "/Apple Braeburn 1/fraise été.jpg"));
    }
}

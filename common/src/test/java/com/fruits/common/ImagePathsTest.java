package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ImagePathsTest {
    private static final Path LOCAL = new Path("file:/data/in");
    private static final Path S3 = new Path("s3a://bucket/in");

    @Test
    void everyLocalSpellingGivesTheOutputsSpelling() {
        for (String typed : List.of("/data/in/Apple/1.jpg", "file:/data/in/Apple/1.jpg", "file:///data/in/Apple/1.jpg",
                "Apple/1.jpg", "./Apple/1.jpg", "/data/in//Apple/./1.jpg", "/data/in/Banana/../Apple/1.jpg", " /data/in/Apple/1.jpg ")) {
            Set<String> spellings = ImagePaths.candidates(typed, LOCAL, "/home/u");
            assertTrue(spellings.contains("file:/data/in/Apple/1.jpg"), typed + " -> " + spellings);
        }
    }

    @Test
    void relativeToTheShellToo() {
        assertTrue(ImagePaths.candidates("in/Apple/1.jpg", LOCAL, "/data").contains("file:/data/in/Apple/1.jpg"));
    }

    @Test
    void objectStorePathsKeepTheirBucket() {
        assertEquals("s3a://bucket/in/Apple/1.jpg", ImagePaths.candidates("s3a://bucket/in/Apple/1.jpg", S3, null).iterator().next());
        assertTrue(ImagePaths.candidates("s3://bucket/in/Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
        assertTrue(ImagePaths.candidates("Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
        assertTrue(ImagePaths.candidates("/in/Apple/1.jpg", S3, null).contains("s3a://bucket/in/Apple/1.jpg"));
    }

    @Test
    void namesWithSpacesColonsAndAccentsSurvive() {
        assertTrue(ImagePaths.candidates("/data/in/Apple Braeburn 1/fraise été 10:30.jpg", LOCAL, null)
                .contains("file:/data/in/Apple Braeburn 1/fraise été 10:30.jpg"));
        assertTrue(ImagePaths.candidates("Apple Braeburn 1/fraise été.jpg", LOCAL, null)
                .contains("file:/data/in/Apple Braeburn 1/fraise été.jpg"));
    }
}

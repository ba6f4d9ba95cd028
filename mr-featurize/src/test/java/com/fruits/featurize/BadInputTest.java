package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.FeatureRow;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import com.fruits.featurize.RejectReason;
import com.fruits.featurize.image.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd and broken input: every file ends featurized or rejected with its reason, none crashes the job. */
@Tag("job")
class BadInputTest {

    @TempDir
    Path tmp;

    @Test
    void everyFileIsFeaturizedOrRejectedWithItsReason() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/Odd ones"));
        byte[] jpeg = Files.readAllBytes(SharedData.testSlice(1, 1).get(0));
        // Rejected, each for its reason.
        Files.write(in.resolve("empty.jpg"), new byte[0]);
        Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(in.resolve("page.jpg"), "<!doctype html><html><body>404</body></html>");
        Files.write(in.resolve("bomb.jpg"), TestImages.withDeclaredSize(jpeg, 60000, 60000));
        Files.write(in.resolve("photo.webp"), "RIFF\u0024\0\0\0WEBPVP8 junk".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        // Featurized: other layouts and formats, converted to RGB.
        Files.write(in.resolve("grey.jpg"), encode(image(100, 100, BufferedImage.TYPE_BYTE_GRAY), "jpeg", false));
        Files.write(in.resolve("progressive.jpg"), encode(image(100, 100, BufferedImage.TYPE_3BYTE_BGR), "jpeg", true));
        Files.write(in.resolve("alpha.png"), encode(image(100, 100, BufferedImage.TYPE_INT_ARGB), "png", false));
        Files.write(in.resolve("palette.gif"), encode(image(100, 100, BufferedImage.TYPE_BYTE_INDEXED), "gif", false));
        Files.write(in.resolve("large photo.jpg"), encode(image(4000, 3000, BufferedImage.TYPE_3BYTE_BGR), "jpeg", false));
        Files.write(in.resolve("one-pixel.jpg"), encode(image(1, 1, BufferedImage.TYPE_3BYTE_BGR), "jpeg", false));
        Files.write(in.resolve("cmyk.jpg"), TestImages.cmykJpeg());
        Files.write(in.resolve("exif-rotated.jpg"), TestImages.withExifOrientation(jpeg, 6));
        Files.write(in.resolve("UPPER.JPG"), jpeg);
        Files.write(in.resolve("other.jpeg"), jpeg);
        // Not input at all: skipped, with the reason.
        Files.write(in.resolve(".hidden.jpg"), jpeg);
        Files.writeString(tmp.resolve("in/_SUCCESS"), "");

        Path out = tmp.resolve("out");
        Configuration conf = LocalJobConf.in(tmp);
        assertEquals(0, ToolRunner.run(conf, new FeaturizeJob(), new String[] {"--input", tmp.resolve("in").toString(),
            "--output", out.toString(), "--model", SharedData.model().toString(), "--max-rejected-ratio", "0.5"}));

        Map<String, FeatureRow> vectors = FeaturizeJobTest.readVectors(out);
        for (String name : List.of("grey.jpg", "progressive.jpg", "alpha.png", "palette.gif", "large photo.jpg",
                "one-pixel.jpg", "cmyk.jpg", "exif-rotated.jpg", "UPPER.JPG", "other.jpeg")) {
            assertNotNull(vectors.get("Odd ones/" + name), name + " was not featurized");
        }
        // EXIF orientation is not applied (as in the original): the same pixels, the same vector.
        assertArrayEquals(vectors.get("Odd ones/UPPER.JPG").features(), vectors.get("Odd ones/exif-rotated.jpg").features());
        assertNull(vectors.get("Odd ones/.hidden.jpg"));
        List<String> rejected = FeaturizeJobTest.readRejected(out);
        for (String[] pair : new String[][] {{"empty.jpg", "EMPTY_FILE"}, {"truncated.jpg", "CORRUPT_IMAGE"},
            {"page.jpg", "NOT_AN_IMAGE"}, {"bomb.jpg", "TOO_MANY_PIXELS"}, {"photo.webp", "CORRUPT_IMAGE"}}) {
            assertTrue(rejected.stream().anyMatch(l -> l.contains(pair[0] + "\t" + pair[1] + "\t")),
                    pair[0] + " not rejected as " + pair[1] + ": " + rejected);
        }
        // Nothing lost: read = featurized + rejected, and what is not input is listed as skipped.
        assertEquals(10, vectors.size());
        assertEquals(5, rejected.stream().filter(l -> !l.contains("\tHIDDEN\t") && !l.contains("\tMARKER\t")).count());
        assertEquals(2, rejected.size() - 5, "the hidden file and the marker are listed as skipped: " + rejected);
    }

    @Test
    void tooManyRejectionsFailTheRunNamingTheMainReason() {
        FeaturizeSummary summary = new FeaturizeSummary(100, 80, 20, 0, 0, 0, 0, 0, 0, 1,
                Map.of(RejectReason.NOT_AN_IMAGE, 15L, RejectReason.CORRUPT_IMAGE, 5L)).plus(Map.of(RejectReason.HIDDEN, 40L));
        String refusal = summary.rejectionFailure(0.05, "/out/rejected");
        assertTrue(refusal.startsWith("20 of 100 files (20.0%) were rejected"), refusal);
        assertTrue(refusal.indexOf("NOT_AN_IMAGE (15") < refusal.indexOf("CORRUPT_IMAGE (5"), refusal);
        assertTrue(refusal.endsWith("is in /out/rejected"), refusal);
        assertFalse(refusal.contains("HIDDEN"), "skips are no rejections: " + refusal);
        // 40 hidden files skipped do not count against the ratio.
        assertNull(summary.rejectionFailure(0.25, "/out/rejected"));
    }

    private static BufferedImage image(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 30, 40, 180));
        g.fillOval(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format, boolean progressive) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

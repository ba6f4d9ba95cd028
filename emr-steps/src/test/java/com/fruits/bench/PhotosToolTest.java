package com.fruits.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's phone-sized photos: labels in turn, the asked size, the same bytes on every run. */
@Tag("unit")
class PhotosToolTest {

    @TempDir
    Path tmp;

    @Test
    void makesPhotosOfTheSizeTakingTheLabelsInTurnRepeatably() throws Exception {
        Path tiles = tmp.resolve("tiles");
        SharedData.copyInto(SharedData.testSlice(3, 2), tiles);
        for (String out : List.of("a", "b")) {
            assertEquals(0, FruitsCli.run(LocalJobConf.in(tmp), new String[] {"photos", "--input", tiles.toString(),
                "--output", tmp.resolve(out).toString(), "--limit", "4", "--size", "320x240"}));
        }
        List<Path> photos = files(tmp.resolve("a"));
        assertEquals(4, photos.size());
        // 3 labels, 4 photos: every label's first tile, then the first label's second.
        assertEquals(3, photos.stream().map(Path::getParent).distinct().count());
        BufferedImage photo = ImageIO.read(photos.get(0).toFile());
        assertEquals(320, photo.getWidth());
        assertEquals(240, photo.getHeight());
        List<Path> again = files(tmp.resolve("b"));
        for (int i = 0; i < photos.size(); i++) {
            assertArrayEquals(Files.readAllBytes(photos.get(i)), Files.readAllBytes(again.get(i)), photos.get(i).toString());
        }
    }

    @Test
    void refusesASizeItCannotRead() throws Exception {
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(LocalJobConf.in(tmp), new String[] {
            "photos", "--input", tmp.toString(), "--output", tmp.resolve("out").toString(), "--limit", "1",
            "--size", "1600 by 1200"})));
        assertTrue(err.contains("--size takes WIDTHxHEIGHT"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().map(root::resolve).toList();
        }
    }
}

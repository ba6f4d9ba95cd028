package com.fruits.gdpr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real pipeline run with a subject manifest, for the GDPR tests: 12 Test images (3 labels of 4) and
 * one broken file; alice sent 3 (the broken one among them) three days ago, bob the rest in 2024. The
 * manifest names the images relative to the input, as users may.
 */
record SubjectRun(Path images, Path manifest, Path run, List<String> alice, List<String> bob) {
    static SubjectRun create(Path dir) throws Exception {
        SharedData.model(); // skips, with the reason, before anything is copied
        Path images = dir.resolve("images");
        SharedData.copyInto(SharedData.testSlice(3, 4), images);
        String brokenLabel;
        try (Stream<Path> labels = Files.list(images)) {
            brokenLabel = labels.sorted().findFirst().orElseThrow().getFileName().toString();
        }
        Files.writeString(images.resolve(brokenLabel).resolve("broken.jpg"), "not a photo");
        List<String> alice = new ArrayList<>();
        List<String> bob = new ArrayList<>();
        StringBuilder manifest = new StringBuilder("path,subject_id,collected_at\n");
        try (Stream<Path> files = Files.walk(images)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String path = images.relativize(f).toString();
                boolean broken = f.getFileName().toString().equals("broken.jpg");
                boolean isAlice = broken || alice.stream().filter(a -> !a.endsWith("broken.jpg")).count() < 2;
                (isAlice ? alice : bob).add(new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(images.toUri()), path).toString());
                manifest.append(path).append(',').append(isAlice ? "alice" : "bob").append(',')
                        .append(isAlice ? LocalDate.now().minusDays(3) : "2024-01-15").append('\n');
            }
        }
        Path manifestFile = Files.writeString(dir.resolve("subjects.csv"), manifest);
        Path run = dir.resolve("first-run");
        assertEquals(0, FruitsCli.run(LocalJobConf.in(dir), new String[] {"pipeline", "--input", images.toString(), "--output",
            run.toString(), "--model", SharedData.model().toString(), "--k", "5", "--subjects", manifestFile.toString(),
            "--subject-column", "--max-rejected-ratio", "0.2"}));
        assertEquals(3, alice.size());
        assertEquals(10, bob.size());
        return new SubjectRun(images, manifestFile, run, List.copyOf(alice), List.copyOf(bob));
    }

    /** A copy of the run in {@code dir}, for a test that changes it. */
    Path copyTo(Path dir) throws Exception {
        Path copy = dir.resolve("run");
        org.apache.commons.io.FileUtils.copyDirectory(run.toFile(), copy.toFile());
        return copy;
    }
}

package com.fruits.gdpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.SharedData;
import com.fruits.common.SubjectManifest;
import com.fruits.common.Tombstones;
import com.fruits.pipeline.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rights of the app's users over a real pipeline run: access ({@code export}), erasure by subject
 * and by path ({@code erase}) and limited retention ({@code retention}), each checked in every output.
 */
@Tag("job")
class GdprRightsTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    private Path run;
    private static SubjectRun fixture;
    private static List<String> alice;
    private static List<String> bob;
    private static Path firstRun;

    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    /**
     * Each test works on its own copy of the run, made once by the first test (not in {@code @BeforeAll}, so
     * that without ../shared each test is skipped with the reason).
     */
    @BeforeEach
    void copyOfTheRun() throws Exception {
        if (fixture == null) {
            fixture = SubjectRun.create(shared);
            alice = fixture.alice();
            bob = fixture.bob();
            firstRun = fixture.run();
        }
        run = fixture.copyTo(tmp);
    }

    @Test
    void manifestIsKeptBesideTheVectorsWithFullPaths() throws Exception {
        assertEquals(Set.copyOf(concat(alice, bob)), paths());
        assertEquals(Set.copyOf(alice), SubjectManifest.read(new org.apache.hadoop.fs.Path(run.resolve(SubjectManifest.FILE)
                .toUri()), new Configuration()).pathsOf("alice"));
    }

    @Test
    void subjectColumnWasAskedForSoTheParquetCarriesIt() throws Exception {
        Map<String, String> subjectByPath = new TreeMap<>();
        for (Path part : parquetFiles()) {
            for (org.apache.parquet.example.data.Group row : com.fruits.common.ParquetGroups.read(part)) {
                subjectByPath.put(row.getString("path", 0), row.getString("subject_id", 0));
            }
        }
        assertEquals(12, subjectByPath.size());
        alice.stream().filter(p -> !p.endsWith("broken.jpg")).forEach(p -> assertEquals("alice", subjectByPath.get(p)));
        bob.forEach(p -> assertEquals("bob", subjectByPath.get(p)));
    }

    @Test
    void exportHoldsEverythingAboutTheSubjectAndNothingElse() throws Exception {
        Path out = tmp.resolve("export");
        assertEquals(0, FruitsCli.run(conf(), new String[] {"export", "--runs", run.toString(), "--subject", "alice",
            "--output", out.toString()}));

        JsonNode doc = new ObjectMapper().readTree(out.resolve(ExportTool.FILE).toFile());
        assertEquals("alice", doc.get("subject_id").asText());
        JsonNode images = doc.get("runs").get(0).get("images");
        assertEquals(3, images.size());
        Set<String> exported = new TreeSet<>();
        for (JsonNode image : images) {
            exported.add(image.get("path").asText());
            if (image.get("path").asText().endsWith("broken.jpg")) {
                assertEquals("NOT_AN_IMAGE", image.get("rejected").asText());
            } else {
                assertEquals(1280, image.get("features").size());
                assertEquals(5, image.get("pca_features").size());
                assertFalse(image.get("label").asText().isEmpty());
            }
        }
        assertEquals(new TreeSet<>(alice), exported);
    }

    @Test
    void eraseBySubjectThenByPathRemovesThemFromEveryOutputAndLogsNoPersonalData() throws Exception {
        assertEquals(0, FruitsCli.run(conf(), new String[] {"erase", "--runs", tmp.resolve("r*").toString(),
            "--subject", "alice", "--request", "req-1"}));
        assertEquals(Set.copyOf(bob), paths());
        assertEquals(Set.copyOf(bob), projectedPaths());
        assertTrue(rejectedLines().isEmpty(), "alice's broken file is still listed: " + rejectedLines());
        assertFalse(Files.readString(run.resolve(SubjectManifest.FILE)).contains("alice"));
        assertFalse(Files.exists(run.resolve("report.html")), "the report was built from alice's data");
        // The rewritten Parquet keeps its lineage metadata.
        for (Path parquet : parquetFiles()) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration()))) {
                assertTrue(reader.getFooter().getFileMetaData().getKeyValueMetaData().containsKey("fruits.model.fingerprint"));
            }
        }

        String one = bob.get(0);
        assertEquals(0, FruitsCli.run(conf(), new String[] {"erase", "--runs", run.toString(), "--path", one}));
        assertFalse(paths().contains(one));
        assertEquals(bob.size() - 1, projectedPaths().size());

        // Each erased photo leaves two tombstones: a keyed hash of its path and one of its content.
        List<String> log = Files.readAllLines(run.resolve(ErasureLog.FILE));
        assertEquals(3, log.size(), "header + two requests: " + log);
        assertTrue(log.get(1).contains("\treq-1\tsubject\tfeatures=2,rejected=1,projected=2,subjects=3,inputs=3,tombstones=6,"
                + "report.html=1"), log.get(1));
        assertTrue(log.get(2).contains("\tpath\tfeatures=1,rejected=0,projected=1,subjects=1,inputs=1,tombstones=2"), log.get(2));
        String text = String.join("\n", log);
        assertFalse(text.contains("alice") || text.contains(one) || text.contains(alice.get(0)), "personal data in the log");
        // Nothing left to export.
        Path out = tmp.resolve("export");
        assertEquals(1, FruitsCli.run(conf(), new String[] {"export", "--runs", run.toString(), "--subject", "alice",
            "--output", out.toString()}), "a subject the runs hold nothing of is an error, as for erase");
        assertFalse(Files.exists(out.resolve(ExportTool.FILE)));
    }

    @Test
    void retentionRemovesWhatIsPastThePeriodOnly() throws Exception {
        assertEquals(0, FruitsCli.run(conf(), new String[] {"retention", "--runs", run.toString(), "--older-than", "365d"}));
        assertEquals(Set.copyOf(alice), paths());
        Set<String> projected = new TreeSet<>(alice);
        projected.removeIf(p -> p.endsWith("broken.jpg"));
        assertEquals(projected, projectedPaths());
        assertTrue(Files.readAllLines(run.resolve(ErasureLog.FILE)).get(1).contains("\tretention 365d\tfeatures=10,"));
        assertEquals(2, FruitsCli.run(conf(), new String[] {"retention", "--runs", run.toString(), "--older-than", "a year"}));
    }

    @Test
    void rectifyCorrectsTheLabelInEveryOutputAndLogsNoPersonalData() throws Exception {
        String one = bob.get(0);
        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf(), new String[] {"rectify",
            "--runs", run.toString(), "--path", one, "--label", "Pear Williams", "--request", "req-7"})));
        assertTrue(out.contains(": 1 image row(s) of 1 image(s)"), out);
        assertEquals("Pear Williams", RunOutputs.labels(run.resolve("features")).get(one));
        Map<String, String> projectedLabels = new TreeMap<>();
        for (Path part : parquetFiles()) {
            for (Group row : ParquetGroups.read(part)) {
                projectedLabels.put(row.getString("path", 0), row.getString("label", 0));
            }
        }
        assertEquals("Pear Williams", projectedLabels.get(one));
        assertEquals(1, projectedLabels.values().stream().filter("Pear Williams"::equals).count(), "another row relabelled");
        assertEquals(Set.copyOf(concat(alice, bob)), paths(), "rectify must not drop or add a row");
        // Each erased photo leaves two tombstones: a keyed hash of its path and one of its content.
        List<String> log = Files.readAllLines(run.resolve(ErasureLog.FILE));
        assertTrue(log.get(1).contains("\treq-7\trectify\tfeatures=1,rejected=0,projected=1,report.html=1"), log.get(1));
        assertFalse(Files.exists(run.resolve(Tombstones.FILE)), "a rectified image is no erased one");
        assertFalse(String.join("\n", log).contains(one) || String.join("\n", log).contains("Pear"), "personal data in the log");
        // A path no run holds is not "done", and a label that is no folder name is refused.
        assertEquals(1, FruitsCli.run(conf(), new String[] {"rectify", "--runs", run.toString(), "--path",
            one + ".missing", "--label", "Pear"}));
        assertEquals(2, FruitsCli.run(conf(), new String[] {"rectify", "--runs", run.toString(), "--path", one,
            "--label", "Pear/Williams"}));
    }

    @Test
    void eraseReportsWhatItMatchedPerRun() throws Exception {
        String first = ConsoleCapture.stdoutOf(() -> assertEquals(0, FruitsCli.run(conf(), new String[] {"erase",
            "--runs", run.toString(), "--subject", "alice"})));
        assertTrue(first.contains(run.toUri().getPath().replaceAll("/$", "") + ": 3 image row(s) of 3 image(s)"), first);
        assertTrue(first.contains("checked by reading every output again"), first);
        assertTrue(first.contains("fruits never deletes its input"), first);
        // Asked again, there is nothing left to erase: an error that says where it looked, not a success.
        String again = ConsoleCapture.stderrOf(() -> assertEquals(1, FruitsCli.run(conf(), new String[] {"erase",
            "--runs", run.toString(), "--subject", "alice"})));
        assertTrue(again.contains("subject 'alice' has no image in the subject manifest in any of the 1 run(s)")
                && again.contains("nothing was changed"), again);
    }

    @Test
    void evaluateRefusesTrainAndTestRunsThatShareImages() throws Exception {
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, FruitsCli.run(conf(), new String[] {"evaluate",
            "--train", run.toString(), "--test", firstRun.toString()})));
        assertTrue(err.contains("share 12 image(s)"), err);
    }

    @Test
    void eraseNeedsExactlyOneOfSubjectAndPath() throws Exception {
        assertEquals(2, FruitsCli.run(conf(), new String[] {"erase", "--runs", run.toString()}));
        assertEquals(2, FruitsCli.run(conf(), new String[] {"erase", "--runs", tmp.resolve("nothing-*").toString(),
            "--subject", "alice"}));
    }

    /** Paths of the featurized vectors and of the rejected files. */
    private Set<String> paths() throws Exception {
        Set<String> paths = new TreeSet<>(RunOutputs.vectors(run.resolve("features")).keySet());
        rejectedLines().forEach(line -> paths.add(line.split("\t")[0]));
        return paths;
    }

    private List<String> rejectedLines() throws Exception {
        return RunOutputs.rejected(run.resolve("features"));
    }

    private Set<String> projectedPaths() throws Exception {
        List<String> paths = RunOutputs.projectedPaths(run.resolve("projected"));
        assertEquals(paths.size(), new TreeSet<>(paths).size(), "a path projected twice");
        return new TreeSet<>(paths);
    }

    private List<Path> parquetFiles() throws Exception {
        try (Stream<Path> files = Files.list(run.resolve("projected"))) {
            List<Path> parquet = files.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).toList();
            assertFalse(parquet.isEmpty());
            return parquet;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

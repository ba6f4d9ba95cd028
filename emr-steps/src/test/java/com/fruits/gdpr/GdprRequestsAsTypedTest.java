package com.fruits.gdpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.cli.ConsoleCapture;
import com.fruits.cli.FruitsCli;
import com.fruits.common.LocalJobConf;
import com.fruits.common.RunFolders;
import com.fruits.common.RunLock;
import com.fruits.common.SharedData;
import com.fruits.common.SubjectManifest;
import com.fruits.common.Tombstones;
import com.fruits.pca.PcaModelFiles;
import com.fruits.pipeline.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDPR requests as people type them (issue 25): periods that cannot be misread, paths in every
 * spelling, erasures that are complete, lasting and never a silent no-op, and rewrites that a kill
 * cannot leave half done.
 */
@Tag("job")
class GdprRequestsAsTypedTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    private static SubjectRun fixture;
    private Path run;

    /** The run is made by the first test (so that without ../shared each test is skipped with the reason). */
    @BeforeEach
    void copyOfTheRun() throws Exception {
        if (fixture == null) {
            fixture = SubjectRun.create(shared);
        }
        run = fixture.copyTo(tmp);
    }

    private Configuration conf() {
        return LocalJobConf.in(tmp);
    }

    private int fruits(String... args) throws Exception {
        return FruitsCli.run(conf(), args);
    }

    @Test
    void retentionRefusesABareMAndADryRunChangesNothing() throws Exception {
        Map<String, String> before = contents(run);
        String err = ConsoleCapture.stderrOf(() -> assertEquals(2, fruits("retention", "--runs", run.toString(), "--older-than", "12M")));
        assertTrue(err.contains("ambiguous") && err.contains("12mo") && err.contains("P12M"), err);
        assertEquals(before, contents(run), "a refused retention changed the run");

        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, fruits("retention", "--runs", run.toString(),
            "--older-than", "P12M", "--dry-run")));
        assertTrue(out.contains("would remove what was collected before ") && out.contains("would remove 10 image row(s)"), out);
        assertEquals(before, contents(run), "a dry run changed the run");

        assertEquals(0, fruits("retention", "--runs", run.toString(), "--older-than", "12mo"));
        assertEquals(new TreeSet<>(fixture.alice()), paths(), "bob's 2024 photos go, alice's of this week stay");
    }

    @Test
    void erasureTakesEverySpellingOfAPathAndRefusesOneThatMatchesNothing() throws Exception {
        List<String> bob = fixture.bob();
        Path images = fixture.images();
        String plain = bob.get(0).substring("file:".length());
        String relative = bob.get(1).substring(("file:" + images + "/").length());
        String uri = "file://" + bob.get(2).substring("file:".length());
        String dotted = bob.get(3).substring("file:".length()).replace(images.toString(), images + "/./");
        for (String typed : List.of(plain, relative, uri, dotted)) {
            assertEquals(0, fruits("erase", "--runs", run.toString(), "--path", typed), typed);
        }
        Set<String> left = paths();
        bob.subList(0, 4).forEach(p -> assertFalse(left.contains(p), p + " survived its erasure"));
        assertEquals(fixture.alice().size() + bob.size() - 4, left.size());

        Map<String, String> before = contents(run);
        String err = ConsoleCapture.stderrOf(() -> assertEquals(1, fruits("erase", "--runs", run.toString(),
            "--path", images.resolve("Nowhere/none.jpg").toString())));
        assertTrue(err.contains("no output names the image") && err.contains("nothing was changed"), err);
        assertEquals(before, contents(run));
    }

    @Test
    void anErasureLastsThroughTheNextIncrementalRun() throws Exception {
        List<String> alice = fixture.alice();
        assertEquals(0, fruits("erase", "--runs", run.toString(), "--subject", "alice"));
        String everything = String.join("\n", contents(run).values());
        for (String path : alice) {
            assertFalse(everything.contains(path), path + " is still named somewhere in the run: "
                    + contents(run).entrySet().stream().filter(e -> e.getValue().contains(path)).map(Map.Entry::getKey).toList());
        }
        assertTrue(Files.exists(run.resolve(Tombstones.FILE)));
        assertTrue(Files.exists(run.resolve(RunFolders.PCA_REFIT_PENDING)));

        // Her photos are still in the input (the suite never deletes input), one of them touched since.
        Path touched = Path.of(new org.apache.hadoop.fs.Path(alice.get(0)).toUri());
        Files.setLastModifiedTime(touched, FileTime.from(Instant.now().plusSeconds(60)));
        String[] pipeline = {"pipeline", "--incremental", "--input", fixture.images().toString(), "--output", run.toString(),
            "--model", SharedData.model().toString(), "--k", "5", "--subjects", fixture.manifest().toString(),
            "--max-rejected-ratio", "0.2"};
        String err = ConsoleCapture.stderrOf(() -> assertEquals(0, fruits(pipeline)));
        assertTrue(err.contains("3 row(s) of the manifest name images erased"), err);

        assertEquals(new TreeSet<>(fixture.bob()), paths(), "alice's photos came back");
        assertFalse(Files.readString(run.resolve(SubjectManifest.FILE)).contains("alice"));
        assertEquals(10, PcaModelFiles.read(new org.apache.hadoop.fs.Path(run.resolve("pca").toUri()), new Configuration()).n(),
                "the PCA is fitted again on what the run holds");
        assertFalse(Files.exists(run.resolve(RunFolders.PCA_REFIT_PENDING)));
        Path export = tmp.resolve("export");
        assertEquals(1, fruits("export", "--runs", run.toString(), "--subject", "alice", "--output", export.toString()),
                "a subject the runs hold nothing of is an error, as for erase");
        assertFalse(Files.exists(export.resolve(ExportTool.FILE)));

        // A second incremental run with nothing new is up to date, and still leaves her out.
        String out = ConsoleCapture.stdoutOf(() -> assertEquals(0, fruits(pipeline)));
        assertTrue(out.contains("is up to date"), out);
        assertEquals(new TreeSet<>(fixture.bob()), paths());
    }

    @Test
    void aRewriteStoppedBeforeItsJournalIsUndoneAndOneStoppedAfterIsFinished() throws Exception {
        List<String> bob = fixture.bob();
        // Killed while writing new files: hidden leftovers, which the next request drops.
        Path part = firstFile(run.resolve("features"), ".parquet");
        Files.copy(part, part.resolveSibling("." + part.getFileName() + ".rewrite"));
        String err = ConsoleCapture.stderrOf(() -> assertEquals(0, fruits("erase", "--runs", run.toString(), "--path", bob.get(0))));
        assertTrue(err.contains("rolled back an earlier erase"), err);
        assertTrue(hiddenRewrites(run).isEmpty(), hiddenRewrites(run).toString());

        // Killed after the journal, before every new file was renamed in: the marker is not complete
        // meanwhile, and the next request finishes the rewrite.
        org.apache.hadoop.fs.Path hadoopRun = new org.apache.hadoop.fs.Path(run.toUri());
        RewriteTransaction tx = new RewriteTransaction(new Configuration(), hadoopRun);
        String manifest = Files.readString(run.resolve(SubjectManifest.FILE));
        String withoutBob1 = manifest.lines().filter(l -> !l.startsWith(bob.get(1) + "\t")).collect(Collectors.joining("\n", "", "\n"));
        tx.replaceText(new org.apache.hadoop.fs.Path(hadoopRun, SubjectManifest.FILE), withoutBob1);
        tx.writeJournal();
        assertFalse(RunFolders.isComplete(new Configuration(), hadoopRun), "the marker says complete over a half-rewritten run");
        String refused = ConsoleCapture.stderrOf(() -> assertEquals(2, fruits("evaluate", "--train", fixture.run().toString(),
            "--test", run.toString())));
        assertTrue(refused.contains("is an unfinished run"), refused);

        err = ConsoleCapture.stderrOf(() -> assertEquals(0, fruits("erase", "--runs", run.toString(), "--path", bob.get(2))));
        assertTrue(err.contains("finished the rewrite of an earlier erase"), err);
        String now = Files.readString(run.resolve(SubjectManifest.FILE));
        assertFalse(now.contains(bob.get(1) + "\t") || now.contains(bob.get(2) + "\t"), now);
        assertTrue(RunFolders.isComplete(new Configuration(), hadoopRun));
        assertTrue(hiddenRewrites(run).isEmpty());
    }

    @Test
    void aGlobOfRunsGoesOnPastARunItCannotChangeAndSaysWhichAreDone() throws Exception {
        Path a = Files.move(run, tmp.resolve("run-a"));
        Files.move(fixture.copyTo(tmp.resolve("b")), tmp.resolve("run-b"));
        Path c = Files.move(fixture.copyTo(tmp.resolve("c")), tmp.resolve("run-c"));
        try (RunLock busy = RunLock.acquire(new Configuration(), new org.apache.hadoop.fs.Path(tmp.resolve("run-b").toUri()), "pipeline")) {
            String err = ConsoleCapture.stderrOf(() -> assertEquals(1, fruits("erase", "--runs", tmp.resolve("run-*").toString(),
                "--subject", "alice")));
            assertTrue(err.contains("NOT done in 1 of 3 run(s)") && err.contains("run-b") && err.contains("in use"), err);
        }
        for (Path done : List.of(a, c)) {
            assertFalse(RunOutputs.vectors(done.resolve("features")).keySet().stream().anyMatch(fixture.alice()::contains),
                    done + " still holds alice");
        }
        assertTrue(RunOutputs.vectors(tmp.resolve("run-b/features")).keySet().containsAll(
                fixture.alice().stream().filter(p -> !p.endsWith("broken.jpg")).toList()), "the locked run was changed");
    }

    private Set<String> paths() throws Exception {
        Set<String> paths = new TreeSet<>(RunOutputs.vectors(run.resolve("features")).keySet());
        RunOutputs.rejected(run.resolve("features")).forEach(line -> paths.add(line.split("\t")[0]));
        return paths;
    }

    /** Every file of the run (Parquet decoded to its paths and labels), by relative name. */
    private static Map<String, String> contents(Path run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = run.relativize(f).toString();
                if (name.endsWith(".crc") || name.equals(RunLock.FILE) || name.equals(RunFolders.MARKER)) {
                    continue;
                }
                out.put(name, name.endsWith(".parquet") && !name.startsWith("pca")
                        ? String.join("\n", parquetPaths(f)) : Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    private static List<String> parquetPaths(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        for (org.apache.parquet.example.data.Group row : com.fruits.common.ParquetGroups.read(file)) {
            rows.add(row.getString("path", 0) + "\t" + row.getString("label", 0));
        }
        return rows;
    }

    private static Path firstFile(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && !f.getFileName().toString().startsWith("."))
                    .sorted().findFirst().orElseThrow();
        }
    }

    private static List<Path> hiddenRewrites(Path run) throws Exception {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".rewrite")).toList();
        }
    }
}

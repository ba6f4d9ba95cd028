package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest is read strictly: a misread row is an erasure that misses it. */
@Tag("unit")
class SubjectManifestTest {
    @TempDir
    Path tmp;

    private SubjectManifest read(String text) throws Exception {
        Path file = Files.writeString(tmp.resolve("subjects-" + text.hashCode() + ".csv"), text);
        return SubjectManifest.read(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
    }

    @Test
    void aManifestWithoutItsHeaderIsRefusedNotMisread() {
        UsageException e = assertThrows(UsageException.class,
                () -> read("Apple/1.jpg,alice,2026-03-01\nApple/2.jpg,bob,2026-03-01\n"));
        assertTrue(e.getMessage().contains("must start with a header line naming its columns path, subject_id and collected_at"),
                e.getMessage());
    }

    @Test
    void columnsAreFoundByNameInAnyOrder() throws Exception {
        SubjectManifest m = read("collected_at\tsubject_id\tpath\n2026-03-01\talice\tApple/1.jpg\n2024-01-15T10:00:00Z\tbob\tApple/2.jpg\n");
        assertEquals(Set.of("Apple/1.jpg"), m.pathsOf("alice"));
        assertEquals(Set.of("Apple/2.jpg"), m.pathsCollectedBefore(java.time.Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void duplicatesAreReportedAndOnePhotoCannotHaveTwoSubjects() throws Exception {
        SubjectManifest repeated = read("path,subject_id,collected_at\nA/1.jpg,alice,2026-03-01\nA/1.jpg,alice,2026-03-01\n");
        assertEquals(1, repeated.entries().size());
        UsageException e = assertThrows(UsageException.class,
                () -> read("path,subject_id,collected_at\nA/1.jpg,alice,2026-03-01\nA/1.jpg,bob,2026-03-01\n"));
        assertTrue(e.getMessage().contains("Lines 2 and 3") && e.getMessage().contains("two subjects"), e.getMessage());
        UsageException shortRow = assertThrows(UsageException.class,
                () -> read("path,subject_id,collected_at\nA/1.jpg,alice\n"));
        assertTrue(shortRow.getMessage().startsWith("Line 2 "), shortRow.getMessage());
    }

    /** What Excel's "CSV UTF-8" writes: a byte-order mark, CRLF, quotes where a value needs them. */
    @Test
    void excelsCsvUtf8IsReadAsItsValues() throws Exception {
        SubjectManifest m = read("\uFEFFpath,subject_id,collected_at\r\n\"Kiwi 1/3_100.jpg\",\"alice\",2026-03-01\r\n"
                + "\"Apple, red/1.jpg\",\"o\"\"brien\",2026-03-01 10:15:00\r\n");
        assertEquals(Set.of("Kiwi 1/3_100.jpg"), m.pathsOf("alice"));
        assertEquals(Set.of("Apple, red/1.jpg"), m.pathsOf("o\"brien"));
        assertEquals(java.time.Instant.parse("2026-03-01T10:15:00Z"), m.entriesOf("o\"brien").get(0).collectedAt());
    }

    /** French and German Excel separate with ';' and may quote the header too. */
    @Test
    void semicolonsAndQuotedHeadersAreTold() throws Exception {
        SubjectManifest m = read("\"collected_at\";\"subject_id\";\"path\"\n2026-03-01;\"alice\";\"A/1;2.jpg\"\n\n");
        assertEquals(Set.of("A/1;2.jpg"), m.pathsOf("alice"));
    }

    @Test
    void refusalsSayWhatIsWrongAndWhere() {
        UsageException missing = assertThrows(UsageException.class, () -> read("path;subject;collected_at\nA/1.jpg;alice;2026-03-01\n"));
        assertTrue(missing.getMessage().contains("lacks [subject_id]"), missing.getMessage());
        UsageException date = assertThrows(UsageException.class,
                () -> read("path,subject_id,collected_at\nA/1.jpg,alice,2026-03-01\nA/2.jpg,bob,01/03/2026\n"));
        assertTrue(date.getMessage().startsWith("Line 3 ") && date.getMessage().contains("year first"), date.getMessage());
        UsageException quote = assertThrows(UsageException.class,
                () -> read("path,subject_id,collected_at\nA/1.jpg,\"alice\"x,2026-03-01\n"));
        assertTrue(quote.getMessage().contains("not valid CSV near line 2"), quote.getMessage());
        UsageException empty = assertThrows(UsageException.class, () -> read("path,subject_id,collected_at\nA/1.jpg,,2026-03-01\n"));
        assertTrue(empty.getMessage().startsWith("Line 2 ") && empty.getMessage().contains("empty subject_id"), empty.getMessage());
    }

    /** The copy kept beside a run reads back as it was, whatever its values hold. */
    @Test
    void theKeptCopyReadsBackExactly() throws Exception {
        SubjectManifest m = new SubjectManifest(java.util.List.of(
                new SubjectManifest.Entry("file:/in/A/\"odd\"\tname.jpg", "al,ice", java.time.Instant.parse("2026-03-01T00:00:00Z"))));
        org.apache.hadoop.fs.Path kept = new org.apache.hadoop.fs.Path(tmp.resolve("kept.tsv").toUri());
        m.write(kept, new Configuration());
        assertEquals(m, SubjectManifest.read(kept, new Configuration()));
    }

    @Test
    void rowsOutsideTheInputAreFound() throws Exception {
        SubjectManifest m = read("path,subject_id,collected_at\nA/1.jpg,alice,2026-03-01\n/elsewhere/B/2.jpg,bob,2026-03-01\n")
                .resolvedAgainst(new org.apache.hadoop.fs.Path("file:/data/in"), java.util.Set.of(), null);
        assertEquals(1, m.outside(new org.apache.hadoop.fs.Path("file:/data/in")).size());
        assertEquals("file:/elsewhere/B/2.jpg", m.outside(new org.apache.hadoop.fs.Path("file:/data/in")).get(0).path());
    }

    @Test
    void everySpellingOfAnImageOfTheRunIsBoundToIt() throws Exception {
        SubjectManifest m = read("path,subject_id,collected_at\n/data/in/A/1.jpg,alice,2026-03-01\n"
                + "file:///data/in/A/./2.jpg,alice,2026-03-01\nA/3.jpg,bob,2026-03-01\nfile:/data/in//A/4.jpg,bob,2026-03-01\n"
                + "B/../A/5.jpg,bob,2026-03-01\n")
                .resolvedAgainst(new org.apache.hadoop.fs.Path("file:/data/in"), java.util.Set.of("file:/data/in/A/3.jpg"), "/home/u");
        assertEquals(java.util.List.of("file:/data/in/A/1.jpg", "file:/data/in/A/2.jpg", "file:/data/in/A/3.jpg",
                "file:/data/in/A/4.jpg", "file:/data/in/A/5.jpg"), m.entries().stream().map(SubjectManifest.Entry::path).toList());
    }
}

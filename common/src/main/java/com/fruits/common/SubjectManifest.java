package com.fruits.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Who each photo came from, for the app's users' GDPR rights: one row per image with its path, the
 * subject's id and when it was collected. Paths may be given relative to the input folder; the copy
 * kept beside a run's outputs ({@code subjects.tsv}, never inside the vectors or the Parquet) holds
 * them in full, exactly as the outputs name the images.
 */
public record SubjectManifest(List<Entry> entries) {
    public static final String FILE = "subjects.tsv";
    private static final String HEADER = "path\tsubject_id\tcollected_at";

    public record Entry(String path, String subjectId, Instant collectedAt) {
    }

    /**
     * Reads a manifest: a header line, then {@code path,subject_id,collected_at} separated by tabs or
     * commas; the date is ISO-8601 ({@code 2026-03-01} or {@code 2026-03-01T10:15:00Z}).
     */
    public static SubjectManifest read(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) {
            throw new UsageException("The subject manifest " + file + " does not exist");
        }
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(header != null && header.contains("\t") ? "\t" : ",", -1);
                if (cells.length != 3 || cells[0].isBlank() || cells[1].isBlank()) {
                    throw new UsageException("Line " + lineNumber + " of the subject manifest " + file
                            + " is not 'path, subject_id, collected_at'");
                }
                entries.add(new Entry(cells[0].trim(), cells[1].trim(), instant(cells[2].trim(), file, lineNumber)));
            }
        }
        return new SubjectManifest(entries);
    }

    private static Instant instant(String text, Path file, int line) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("Line " + line + " of the subject manifest " + file + " has collected_at '" + text
                    + "', not an ISO-8601 date like 2026-03-01 or 2026-03-01T10:15:00Z");
        }
    }

    /** The manifest with every relative path resolved against the input folder, as the outputs name images. */
    public SubjectManifest resolvedAgainst(Path input) {
        return new SubjectManifest(entries.stream().map(e -> new Path(e.path()).isAbsolute() || e.path().contains(":")
                ? e : new Entry(new Path(input, e.path()).toString(), e.subjectId(), e.collectedAt())).toList());
    }

    /** This manifest with the other's rows added; the other's row wins for a path both name. */
    public SubjectManifest mergedWith(SubjectManifest newer) {
        Set<String> replaced = newer.entries().stream().map(Entry::path).collect(Collectors.toSet());
        List<Entry> all = new ArrayList<>(without(replaced).entries());
        all.addAll(newer.entries());
        return new SubjectManifest(all);
    }

    public void write(Path file, Configuration conf) throws IOException {
        try (Writer out = new OutputStreamWriter(file.getFileSystem(conf).create(file, true), StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Entry e : entries) {
                out.write(e.path() + "\t" + e.subjectId() + "\t" + e.collectedAt() + "\n");
            }
        }
    }

    public Set<String> pathsOf(String subjectId) {
        return entries.stream().filter(e -> e.subjectId().equals(subjectId)).map(Entry::path).collect(Collectors.toSet());
    }

    public List<Entry> entriesOf(String subjectId) {
        return entries.stream().filter(e -> e.subjectId().equals(subjectId)).toList();
    }

    public Set<String> pathsCollectedBefore(Instant limit) {
        return entries.stream().filter(e -> e.collectedAt().isBefore(limit)).map(Entry::path).collect(Collectors.toSet());
    }

    public SubjectManifest without(Set<String> paths) {
        return new SubjectManifest(entries.stream().filter(e -> !paths.contains(e.path())).toList());
    }
}

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
     * Reads a manifest: a header line naming the columns {@code path}, {@code subject_id} and
     * {@code collected_at} in any order (tab- or comma-separated), then one row per image; the date is
     * ISO-8601 ({@code 2026-03-01} or {@code 2026-03-01T10:15:00Z}). Strict, because a silently
     * misread manifest is an erasure that misses its rows: no header, a short row or one path given to
     * two subjects stops in one sentence; a row repeated as it is is reported and kept once.
     */
    public static SubjectManifest read(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) {
            throw new UsageException("The subject manifest " + file + " does not exist");
        }
        Map<String, Entry> byPath = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        int repeated = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            String separator = header != null && header.contains("\t") ? "\t" : ",";
            List<String> columns = header == null ? List.of()
                    : Arrays.stream(header.split(separator, -1)).map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            int pathColumn = columns.indexOf("path");
            int subjectColumn = columns.indexOf("subject_id");
            int dateColumn = columns.indexOf("collected_at");
            if (pathColumn < 0 || subjectColumn < 0 || dateColumn < 0) {
                throw new UsageException("The subject manifest " + file + " must start with a header line naming its "
                        + "columns path, subject_id and collected_at (any order), not '" + header + "'");
            }
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(separator, -1);
                if (cells.length != columns.size() || cells[pathColumn].isBlank() || cells[subjectColumn].isBlank()) {
                    throw new UsageException("Line " + lineNumber + " of the subject manifest " + file + " does not have "
                            + "the " + columns.size() + " columns of its header " + columns);
                }
                Entry entry = new Entry(cells[pathColumn].strip(), cells[subjectColumn].strip(),
                        instant(cells[dateColumn].strip(), file, lineNumber));
                Entry earlier = byPath.putIfAbsent(entry.path(), entry);
                if (earlier != null && !earlier.subjectId().equals(entry.subjectId())) {
                    throw new UsageException("Lines " + lineOf.get(entry.path()) + " and " + lineNumber + " of the subject "
                            + "manifest " + file + " give the same image to two subjects; correct the manifest");
                }
                repeated += earlier != null ? 1 : 0;
                lineOf.putIfAbsent(entry.path(), lineNumber);
            }
        }
        if (repeated > 0) {
            System.err.println("subjects: " + repeated + " row(s) of " + file + " repeat an image already listed for the "
                    + "same subject; each image is kept once");
        }
        return new SubjectManifest(new ArrayList<>(byPath.values()));
    }

    /** The rows whose (resolved) path is not under {@code input}: reported, since no run of that input holds them. */
    public List<Entry> outside(Path input) {
        String prefix = input.toString().endsWith("/") ? input.toString() : input + "/";
        return entries.stream().filter(e -> !e.path().startsWith(prefix)).toList();
    }

    private static Instant instant(String text, Path file, int line) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("Line " + line + " of the subject manifest " + file + " has collected_at '" + text
                    + "', not an ISO-8601 date like 2026-03-01 or 2026-03-01T10:15:00Z");
        }
    }

    /**
     * The manifest with every path spelled as the outputs name images: resolved against the input folder
     * (relative, plain absolute, {@code file:} and {@code s3a:} spellings alike, see {@link ImagePaths}),
     * and bound to the spelling that {@code known} (the run's indexed images) holds when one does.
     */
    public SubjectManifest resolvedAgainst(Path input, Set<String> known, String workingDir) {
        return new SubjectManifest(entries.stream().map(e -> {
            Set<String> candidates = ImagePaths.candidates(e.path(), input, workingDir);
            String bound = candidates.stream().filter(known::contains).findFirst()
                    .orElse(candidates.isEmpty() ? e.path() : candidates.iterator().next());
            return new Entry(bound, e.subjectId(), e.collectedAt());
        }).toList());
    }

    /** The rows whose image was erased from the run: an erased image's row never comes back. */
    public SubjectManifest withoutErased(Tombstones tombstones) {
        return tombstones.isEmpty() ? this
                : new SubjectManifest(entries.stream().filter(e -> !tombstones.erased(e.path())).toList());
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

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
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
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
    private static final List<String> COLUMNS = List.of("path", "subject_id", "collected_at");
    private static final char[] SEPARATORS = {'\t', ';', ','};
    private static final int BYTE_ORDER_MARK = 0xFEFF;
    private static final int MAX_HEADER = 64 * 1024;
    /** ISO-8601 with a 'T' or a space (as spreadsheets export), seconds and zone optional; no zone is UTC. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd().optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME).optionalStart().appendOffsetId().optionalEnd().toFormatter(Locale.ROOT);
    /** The copy kept beside a run: tab-separated, quoted only where a value needs it, read back by {@link #read}. */
    private static final CSVFormat KEPT = CSVFormat.RFC4180.builder().setDelimiter('\t').setRecordSeparator('\n')
            .setHeader(COLUMNS.toArray(String[]::new)).build();

    public record Entry(String path, String subjectId, Instant collectedAt) {
    }

    /**
     * Reads a manifest as RFC 4180 and office tools write it (commons-csv): a header naming the columns
     * {@code path}, {@code subject_id} and {@code collected_at} in any order and case, separated by commas,
     * semicolons (French and German Excel) or tabs, told from the header; quoted fields with escaped quotes
     * and separators inside; a UTF-8 byte-order mark ("CSV UTF-8"); CRLF or LF. The date is ISO-8601
     * ({@code 2026-03-01}, {@code 2026-03-01T10:15:00Z}, or a local time such as {@code 2026-03-01 10:15:00},
     * taken as UTC). Strict, because a misread manifest is an erasure that misses its rows: a missing column,
     * a short row, an empty cell, an ambiguous date or one path given to two subjects stops in one sentence
     * naming the line; a row repeated as it is is reported and kept once.
     */
    public static SubjectManifest read(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) {
            throw new UsageException("The subject manifest " + file + " does not exist");
        }
        Map<String, Entry> byPath = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        int repeated = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            in.mark(1);
            if (in.read() != BYTE_ORDER_MARK) {
                in.reset();
            }
            in.mark(MAX_HEADER);
            String header = in.readLine();
            in.reset();
            Map<String, Integer> columns = new HashMap<>();
            CSVFormat format = format(header, file, columns);
            int pathColumn = columns.get("path");
            int subjectColumn = columns.get("subject_id");
            int dateColumn = columns.get("collected_at");
            CSVParser parser = format.parse(in);
            long lineNumber = 1;
            for (CSVRecord row : rows(parser, file)) {
                long line = lineNumber;
                lineNumber = parser.getCurrentLineNumber() + 1;
                if (line == 1 || row.size() == 1 && row.get(0).isEmpty()) {
                    continue; // the header, a blank line
                }
                if (row.size() != columns.size()) {
                    throw new UsageException("Line " + line + " of the subject manifest " + file + " has " + row.size()
                            + " field(s), not the " + columns.size() + " of its header " + header.strip());
                }
                String path = row.get(pathColumn);
                String subject = row.get(subjectColumn);
                if (path.isEmpty() || subject.isEmpty()) {
                    throw new UsageException("Line " + line + " of the subject manifest " + file + " has an empty "
                            + (path.isEmpty() ? "path" : "subject_id"));
                }
                Entry entry = new Entry(path, subject, instant(row.get(dateColumn), file, line));
                Entry earlier = byPath.putIfAbsent(entry.path(), entry);
                if (earlier != null && !earlier.subjectId().equals(entry.subjectId())) {
                    throw new UsageException("Lines " + lineOf.get(entry.path()) + " and " + line + " of the subject "
                            + "manifest " + file + " give the same image to two subjects; correct the manifest");
                }
                repeated += earlier != null ? 1 : 0;
                lineOf.putIfAbsent(entry.path(), line);
            }
        }
        if (repeated > 0) {
            System.err.println("subjects: " + repeated + " row(s) of " + file + " repeat an image already listed for the "
                    + "same subject; each image is kept once");
        }
        return new SubjectManifest(new ArrayList<>(byPath.values()));
    }

    /**
     * The CSV dialect whose separator makes the header name the three columns (their indexes into
     * {@code columns}), or a refusal that says what the header holds.
     */
    private static CSVFormat format(String header, Path file, Map<String, Integer> columns) {
        List<String> best = List.of();
        char bestSeparator = ',';
        for (char separator : SEPARATORS) {
            List<String> names = headerNames(header, separator);
            if (names.containsAll(COLUMNS)) {
                for (int i = names.size() - 1; i >= 0; i--) {
                    columns.put(names.get(i), i);
                }
                return CSVFormat.RFC4180.builder().setDelimiter(separator).setIgnoreSurroundingSpaces(true)
                        .setTrim(true).setIgnoreEmptyLines(false).build();
            }
            if (names.size() > best.size()) {
                best = names;
                bestSeparator = separator;
            }
        }
        List<String> missing = COLUMNS.stream().filter(c -> !headerNamesContain(header, c)).toList();
        throw new UsageException("The subject manifest " + file + " must start with a header line naming its columns "
                + "path, subject_id and collected_at (any order), separated by commas, semicolons or tabs; "
                + (header == null ? "it is empty"
                : missing.isEmpty() ? "its header names them, but not with one separator: " + best + " with '"
                        + printable(bestSeparator) + "'"
                : "its first line (" + best + ", separated by '" + printable(bestSeparator) + "') lacks " + missing));
    }

    private static List<String> headerNames(String header, char separator) {
        if (header == null) {
            return List.of();
        }
        try (CSVParser parser = CSVFormat.RFC4180.builder().setDelimiter(separator).setTrim(true).build().parse(new StringReader(header))) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of()
                    : records.get(0).stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean headerNamesContain(String header, String column) {
        return header != null && header.toLowerCase(Locale.ROOT).contains(column);
    }

    private static String printable(char separator) {
        return separator == '\t' ? "tab" : String.valueOf(separator);
    }

    /** The parser's records, its parse errors (an unclosed quote...) turned into a sentence naming the file. */
    private static Iterable<CSVRecord> rows(CSVParser parser, Path file) {
        return () -> {
            java.util.Iterator<CSVRecord> records = parser.iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return records.hasNext();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        throw new UsageException("The subject manifest " + file + " is not valid CSV near line "
                                + parser.getCurrentLineNumber() + ": " + e.getMessage()
                                + " (a field with a quote must be quoted as a whole, its quotes doubled)");
                    }
                }

                @Override
                public CSVRecord next() {
                    return records.next();
                }
            };
        };
    }

    /** The rows whose (resolved) path is not under {@code input}: reported, since no run of that input holds them. */
    public List<Entry> outside(Path input) {
        String prefix = input.toString().endsWith("/") ? input.toString() : input + "/";
        return entries.stream().filter(e -> !e.path().startsWith(prefix)).toList();
    }

    private static Instant instant(String text, Path file, long line) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            TemporalAccessor parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime t ? t.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UsageException("Line " + line + " of the subject manifest " + file + " has collected_at '" + text
                    + "', not an ISO-8601 date like 2026-03-01 or 2026-03-01T10:15:00Z"
                    + (text.matches("\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}.*") ? " (a day/month order is ambiguous: write the "
                    + "year first; in Excel, format the column as yyyy-mm-dd)" : ""));
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
        try (Writer out = new OutputStreamWriter(file.getFileSystem(conf).create(file, true), StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(out, KEPT)) {
            for (Entry e : entries) {
                printer.printRecord(e.path(), e.subjectId(), e.collectedAt());
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

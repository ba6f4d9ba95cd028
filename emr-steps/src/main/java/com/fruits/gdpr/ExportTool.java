package com.fruits.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fruits.common.CommandOptions;
import com.fruits.common.FeatureFiles;
import com.fruits.common.ParquetEncryption;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.apache.parquet.example.data.Group;

/**
 * {@code fruits export}: the right of access. Writes everything the runs hold about one subject
 * (manifest rows, labels, the 1280-d vectors, the projected vectors, rejections) as one readable
 * JSON document, {@code export.json} in {@code --output}.
 */
public class ExportTool extends Configured implements Tool {
    public static final String FILE = "export.json";
    public static final CommandOptions OPTIONS = new CommandOptions("export",
            "Writes everything the runs in --runs hold about --subject (per their subject manifests) to\n"
                    + "--output/export.json: for each image its path, collection date, label, 1280-d vector,\n"
                    + "projected vector and any rejection. Exits 1 when the subject has no image in any run, or when a\n"
                    + "manifest row of theirs names a photo a run never read (the photo meant is then not exported).",
            List.of(GdprConfigKeys.RUNS, GdprConfigKeys.SUBJECT, RunConfigKeys.OUTPUT,
                    RunConfigKeys.ENCRYPTION_KEY, RunConfigKeys.OVERWRITE));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = ParquetEncryption.forReading(getConf());
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        String subject = GdprConfigKeys.SUBJECT.require(conf);
        List<Path> runs = RunFolderGlob.resolve(conf);
        List<Map<String, Object>> exported = new ArrayList<>();
        int images = 0;
        List<String> unheld = new ArrayList<>();
        for (Path run : runs) {
            Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
            for (SubjectManifest.Entry e : RunFolderGlob.manifest(conf, run).entriesOf(subject)) {
                Map<String, Object> image = new LinkedHashMap<>();
                image.put("path", e.path());
                image.put("collected_at", e.collectedAt().toString());
                byPath.put(e.path(), image);
            }
            System.out.println("export: " + run + ": matched " + byPath.size() + " image(s)");
            List<String> notRead = RunFolderGlob.unheld(conf, run, byPath.keySet());
            if (!notRead.isEmpty()) {
                unheld.add(RunFolderGlob.unheldSentence(run, notRead));
            }
            if (byPath.isEmpty()) {
                continue;
            }
            addVectors(conf, run, byPath);
            addRejections(conf, run, byPath);
            addProjections(conf, run, byPath);
            images += byPath.size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("run", run.toString());
            entry.put("images", new ArrayList<>(byPath.values()));
            exported.add(entry);
        }
        if (images == 0) {
            System.err.println("export: subject '" + subject + "' has no image in the subject manifest of any of the "
                    + runs.size() + " run(s) of --runs " + runs + "; nothing was written.");
            return 1;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("subject_id", subject);
        document.put("exported_at", Instant.now().toString());
        document.put("about", "What the Fruits feature suite holds about this subject: for each photo, its path, "
                + "when it was collected, its label, the 1280 MobileNetV2 features computed from it and their "
                + "projection on the principal components. No pixels, EXIF or location data are kept.");
        document.put("runs", exported);
        try (RunFolders.Claim output = RunFolders.output(conf, OPTIONS)) {
            Path file = new Path(output.folder(), FILE);
            try (OutputStream out = file.getFileSystem(conf).create(file, false)) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, document);
            }
            output.complete();
            System.out.println("export: " + images + " image(s) of subject " + subject + " in " + exported.size()
                    + " run(s) written to " + file);
        }
        if (!unheld.isEmpty()) {
            System.err.println("export: INCOMPLETE: " + String.join("; ", unheld) + ".");
            return 1;
        }
        return 0;
    }

    private static void addVectors(Configuration conf, Path run, Map<String, Map<String, Object>> byPath) throws IOException {
        Set<String> paths = byPath.keySet();
        for (Path part : RunFolderGlob.vectorFiles(conf, run)) {
            FeatureFiles.read(conf, part, row -> {
                if (paths.contains(row.path())) {
                    byPath.get(row.path()).put("label", row.label());
                    byPath.get(row.path()).put("features", row.features());
                }
            });
        }
    }

    private static void addRejections(Configuration conf, Path run, Map<String, Map<String, Object>> byPath)
            throws IOException {
        for (Path part : RunFolderGlob.rejectedFiles(conf, run)) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(part.getFileSystem(conf).open(part),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] cells = line.split("\t", 3);
                    if (byPath.containsKey(cells[0])) {
                        byPath.get(cells[0]).put("rejected", cells.length > 1 ? cells[1] : "");
                    }
                }
            }
        }
    }

    private static void addProjections(Configuration conf, Path run, Map<String, Map<String, Object>> byPath)
            throws IOException {
        for (Path part : RunFolderGlob.projectedFiles(conf, run)) {
            for (Group row : ParquetGroups.read(part, conf)) {
                Map<String, Object> image = byPath.get(row.getString("path", 0));
                if (image != null) {
                    image.put("pca_features", ParquetGroups.list(row, "pca_features"));
                }
            }
        }
    }
}

package com.fruits.gdpr;

import com.fruits.common.FeatureFiles;
import com.fruits.common.ImagePaths;
import com.fruits.common.Lineage;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import com.fruits.featurize.InputIndex;
import com.fruits.common.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The pipeline runs that {@code --runs} names, and the files of each run that hold rows about images. */
final class RunFolderGlob {
    private RunFolderGlob() {
    }

    static List<Path> resolve(Configuration conf) throws IOException {
        Path glob = new Path(GdprConfigKeys.RUNS.require(conf));
        FileSystem fs = glob.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(glob);
        List<Path> runs = new ArrayList<>();
        for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
            if (match.isDirectory() && (fs.exists(new Path(match.getPath(), RunFolders.FEATURES))
                    || fs.exists(new Path(match.getPath(), RunFolders.PROJECTED)))) {
                runs.add(match.getPath());
            }
        }
        if (runs.isEmpty()) {
            throw new UsageException("--runs " + glob + " matches no pipeline output folder (one with features/ or projected/)");
        }
        return runs;
    }

    /** The featurize job's vectors: Parquet of path, label and 1280 floats (a run of SequenceFiles is refused). */
    static List<Path> vectorFiles(Configuration conf, Path run) throws IOException {
        return FeatureFiles.list(conf, new Path(run, RunFolders.FEATURES));
    }

    /**
     * The rejected lists: path, reason, bytes and detail, one line per file; with those a job refused for
     * too many rejections left in the features folder.
     */
    static List<Path> rejectedFiles(Configuration conf, Path run) throws IOException {
        List<Path> out = files(conf, new Path(run, RunFolders.REJECTED + "/part-*"));
        out.addAll(files(conf, new Path(run, RunFolders.FEATURES + "/_rejected/part-*")));
        return out;
    }

    /**
     * The input indexes: path, bytes and modification time of every file a featurize batch listed,
     * committed and pending ({@code .<batch>.tsv}, {@code .<batch>.rejected.tsv}).
     */
    static List<Path> indexFiles(Configuration conf, Path run) throws IOException {
        return files(conf, new Path(run, RunFolders.FEATURES + "/_inputs/{*.tsv,.*.tsv}"));
    }

    /** The input folder the run's vectors were made from, as recorded in their lineage, or null. */
    static Path input(Configuration conf, Path run) throws IOException {
        String input = Lineage.read(conf, new Path(run, RunFolders.FEATURES)).get(Lineage.INPUT);
        return input == null ? null : new Path(input);
    }

    /** The projected Parquet. */
    static List<Path> projectedFiles(Configuration conf, Path run) throws IOException {
        return files(conf, new Path(run, RunFolders.PROJECTED + "/part-*.parquet"));
    }

    private static List<Path> files(Configuration conf, Path glob) throws IOException {
        FileStatus[] files = glob.getFileSystem(conf).globStatus(glob);
        List<Path> out = new ArrayList<>();
        for (FileStatus f : files == null ? new FileStatus[0] : files) {
            out.add(f.getPath());
        }
        return out;
    }

    /**
     * Every spelling under which the run's outputs may name the images {@code typed} (paths as a user or
     * a manifest gives them), resolved against the run's input; {@code workingDir} for shell-relative ones.
     */
    static Set<String> spellings(Configuration conf, Path run, Collection<String> typed, String workingDir) throws IOException {
        Path input = input(conf, run);
        Set<String> out = new LinkedHashSet<>();
        for (String path : typed) {
            out.add(path);
            out.addAll(ImagePaths.candidates(path, input, workingDir));
        }
        return out;
    }

    /**
     * The paths among {@code named} (a subject's manifest rows) that the run never read: a typo, a Windows
     * path, a photo not featurized yet. The photo such a row meant, if the run holds it, is not found by it.
     */
    static List<String> unheld(Configuration conf, Path run, Collection<String> named) throws IOException {
        if (named.isEmpty()) {
            return List.of();
        }
        Set<String> read = InputIndex.read(conf, new Path(run, RunFolders.FEATURES)).keySet();
        return named.stream().filter(path -> !read.contains(path)).sorted().toList();
    }

    /** One sentence for {@link #unheld}'s rows of one run. */
    static String unheldSentence(Path run, List<String> unheld) {
        return run + ": " + unheld.size() + " row(s) of the subject manifest name a photo this run never read (first: "
                + unheld.get(0) + "): a typo, a Windows path or a photo not featurized yet? The photo meant keeps its "
                + "rows; correct the manifest and run the pipeline again, or name the photo with --path";
    }

    /** The run's subject manifest, or an empty one when the run was made without --subjects. */
    static SubjectManifest manifest(Configuration conf, Path run) throws IOException {
        Path file = new Path(run, SubjectManifest.FILE);
        return file.getFileSystem(conf).exists(file) ? SubjectManifest.read(file, conf) : new SubjectManifest(List.of());
    }
}

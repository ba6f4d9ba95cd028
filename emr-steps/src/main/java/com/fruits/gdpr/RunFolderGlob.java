package com.fruits.gdpr;

import com.fruits.common.FeatureFiles;
import com.fruits.common.RunFolders;
import com.fruits.common.SubjectManifest;
import com.fruits.common.UsageException;
import java.io.IOException;
import java.util.ArrayList;
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

    /** The rejected list: path, reason, bytes and detail, one line per file. */
    static List<Path> rejectedFiles(Configuration conf, Path run) throws IOException {
        return files(conf, new Path(run, RunFolders.REJECTED + "/part-*"));
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

    /** True when the run's vectors hold a row for {@code path}. */
    static boolean holds(Configuration conf, Path run, String path) throws IOException {
        boolean[] found = {false};
        for (Path file : vectorFiles(conf, run)) {
            FeatureFiles.read(conf, file, row -> found[0] |= row.path().equals(path));
        }
        return found[0];
    }

    /** The run's subject manifest, or an empty one when the run was made without --subjects. */
    static SubjectManifest manifest(Configuration conf, Path run) throws IOException {
        Path file = new Path(run, SubjectManifest.FILE);
        return file.getFileSystem(conf).exists(file) ? SubjectManifest.read(file, conf) : new SubjectManifest(List.of());
    }
}

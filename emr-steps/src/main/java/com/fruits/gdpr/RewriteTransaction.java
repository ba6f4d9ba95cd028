package com.fruits.gdpr;

import com.fruits.common.RunFolders;
import com.fruits.common.Tombstones;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * All the file changes of one GDPR request on one run, made all or nothing. Every new file is first
 * written whole under a hidden name beside the one it replaces ({@code .name.rewrite}); then a journal
 * naming the files (never a photo's path) is written in one step, which is the point of no return; then
 * the new files are renamed over the old ones and the journal removed. Meanwhile the run's marker says
 * {@code running}, so {@code --pca-from} and {@code evaluate} refuse the half-rewritten run. Killed
 * anywhere, {@link #recover} on the next call finishes the renames (journal present) or drops the hidden
 * files (journal absent): the run is either as before or as after, never in between.
 */
public final class RewriteTransaction {
    static final String JOURNAL = Tombstones.DIR + "/rewrite.journal";
    private static final String SUFFIX = ".rewrite";
    /** The folders of a run in which a request writes files (hidden leftovers are looked for there). */
    private static final String[] FOLDERS = {"", RunFolders.FEATURES, RunFolders.FEATURES + "/_inputs",
        RunFolders.FEATURES + "/_rejected", RunFolders.REJECTED, RunFolders.PROJECTED, Tombstones.DIR};

    /** Writes the new content of a file to the given path. */
    interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private final Configuration conf;
    private final Path run;
    private final FileSystem fs;
    private final Set<Path> replaced = new LinkedHashSet<>();
    private final Set<Path> deleted = new LinkedHashSet<>();

    RewriteTransaction(Configuration conf, Path run) throws IOException {
        this.conf = conf;
        this.run = run;
        this.fs = run.getFileSystem(conf);
    }

    /** Writes the file's new content under its hidden name; it replaces the file at {@link #commit}. */
    void replace(Path file, Content content) throws IOException {
        Path tmp = tmp(file);
        fs.delete(tmp, false);
        content.writeTo(tmp);
        replaced.add(file);
    }

    void replaceText(Path file, String text) throws IOException {
        replace(file, tmp -> {
            try (Writer out = new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8)) {
                out.write(text);
            }
        });
    }

    /** Deletes the file at {@link #commit}, if it exists then. */
    void delete(Path file) {
        deleted.add(file);
    }

    boolean isEmpty() {
        return replaced.isEmpty() && deleted.isEmpty();
    }

    /** Makes every staged change at once (see the class comment); nothing staged, nothing done. */
    void commit() throws IOException {
        if (isEmpty()) {
            return;
        }
        rollForward(conf, run, writeJournal());
    }

    /** The point of no return: the journal, in one rename; the run's marker then says running. */
    Path writeJournal() throws IOException {
        String state = RunFolders.state(conf, run);
        StringBuilder journal = new StringBuilder("state\t" + (state == null ? "" : state) + "\n");
        replaced.forEach(f -> journal.append("replace\t").append(relative(f)).append('\n'));
        deleted.forEach(f -> journal.append("delete\t").append(relative(f)).append('\n'));
        Path journalFile = new Path(run, JOURNAL);
        Path journalTmp = tmp(journalFile);
        try (OutputStream out = fs.create(journalTmp, true)) {
            out.write(journal.toString().getBytes(StandardCharsets.UTF_8));
        }
        rename(journalTmp, journalFile);
        if (state != null) {
            RunFolders.setState(conf, run, RunFolders.RUNNING);
        }
        return journalFile;
    }

    /**
     * Finishes or undoes what a killed request left in the run; returns a sentence saying which, or null
     * when nothing was left.
     */
    public static String recover(Configuration conf, Path run) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        Path journal = new Path(run, JOURNAL);
        if (fs.exists(journal)) {
            rollForward(conf, run, journal);
            return run + ": finished the rewrite of an earlier erase, retention or rectify that was stopped after "
                    + "it had written every file";
        }
        List<Path> leftovers = new ArrayList<>();
        for (String folder : FOLDERS) {
            FileStatus[] files = fs.globStatus(new Path(folder.isEmpty() ? run : new Path(run, folder), ".*" + SUFFIX));
            for (FileStatus f : files == null ? new FileStatus[0] : files) {
                leftovers.add(f.getPath());
            }
        }
        for (Path f : leftovers) {
            fs.delete(f, false);
        }
        return leftovers.isEmpty() ? null : run + ": rolled back an earlier erase, retention or rectify that was "
                + "stopped before it had written every file (" + leftovers.size() + " unfinished file(s) removed)";
    }

    /** Renames every file the journal names whose new content is still waiting, deletes, then restores the state. */
    private static void rollForward(Configuration conf, Path run, Path journal) throws IOException {
        FileSystem fs = run.getFileSystem(conf);
        String state = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(journal), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t", 2);
                Path file = cells[0].equals("state") ? null : new Path(run, cells[1]);
                switch (cells[0]) {
                    case "state" -> state = cells.length > 1 && !cells[1].isEmpty() ? cells[1] : null;
                    case "replace" -> {
                        if (fs.exists(tmp(file))) {
                            FileContext.getFileContext(file.toUri(), conf).rename(tmp(file), file, Options.Rename.OVERWRITE);
                        }
                    }
                    case "delete" -> fs.delete(file, false);
                    default -> throw new IOException("Unknown line in " + journal + ": " + cells[0]);
                }
            }
        }
        if (state != null) {
            RunFolders.setState(conf, run, state);
        }
        fs.delete(journal, false);
    }

    private String relative(Path file) {
        return run.toUri().relativize(file.toUri()).getPath();
    }

    private void rename(Path from, Path to) throws IOException {
        FileContext.getFileContext(to.toUri(), conf).rename(from, to, Options.Rename.OVERWRITE);
    }

    private static Path tmp(Path file) {
        return new Path(file.getParent(), "." + file.getName() + SUFFIX);
    }
}

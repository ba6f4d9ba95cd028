package com.fruits.gdpr;

import com.fruits.common.CommandOptions;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.UsageException;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits erase}: the right to erasure. Removes one subject's images (found through each run's
 * subject manifest) or one image, however its path is spelled, from every file of the runs that names
 * it, leaves a tombstone so that no later run takes it in again, and records the request in each run's
 * erasure log. A request that matches nothing is an error, never a silent success.
 */
public class EraseTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("erase",
            "Removes a subject's images (--subject) or one image (--path) from the vectors, the rejected lists,\n"
                    + "the projected Parquet, the subject manifest and the input index of every run in --runs, leaves\n"
                    + "a tombstone (a keyed hash, no path) so that no later run featurizes it again, and logs the\n"
                    + "request in each run's _gdpr/erasure-log.tsv (time, request id, rows removed; no personal data).\n"
                    + "Exits 1 when nothing matched. The source photos are not deleted: fruits never deletes input.",
            List.of(GdprConfigKeys.RUNS, GdprConfigKeys.SUBJECT, GdprConfigKeys.IMAGE_PATH, GdprConfigKeys.REQUEST,
                    RunConfigKeys.ENCRYPTION_KEY));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        String subject = GdprConfigKeys.SUBJECT.get(conf);
        String path = GdprConfigKeys.IMAGE_PATH.get(conf);
        if ((subject == null) == (path == null)) {
            throw new UsageException("Give either --subject or --path (one of them)");
        }
        String cwd = System.getProperty("user.dir");
        RequestRunner.Request request = subject != null
                ? new RequestRunner.Request("erase", "subject", "subject '" + subject + "' has no image in the subject manifest",
                        run -> RunFolderGlob.manifest(conf, run).pathsOf(subject))
                : new RequestRunner.Request("erase", "path", "no output names the image '" + path + "'", null);
        int exit = RequestRunner.run(conf, request, RunFolderGlob.resolve(conf), run -> RunRewriter.Edit.remove(
                subject != null ? RunFolderGlob.spellings(conf, run, RunFolderGlob.manifest(conf, run).pathsOf(subject), null)
                        : RunFolderGlob.spellings(conf, run, Set.of(path), cwd)));
        if (exit == 0) {
            System.out.println("erase: the source photos are where they were: fruits never deletes its input. Delete them "
                    + "at their source if they must go too; the runs' tombstones keep them out of every later run.");
            System.out.println("erase: the PCA models are aggregates (mean and components) of all vectors and hold no row; "
                    + "the next 'pipeline --incremental' of a run fits its PCA again without the erased vectors.");
        }
        return exit;
    }
}

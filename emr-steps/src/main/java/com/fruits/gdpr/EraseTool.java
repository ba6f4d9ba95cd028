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
 * subject manifest) or one image path from every output of the runs, and records the request in each
 * run's erasure log.
 */
public class EraseTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("erase",
            "Removes a subject's images (--subject) or one image (--path) from the vectors, the rejected list,\n"
                    + "the projected Parquet and the subject manifest of every run in --runs, and logs the request in\n"
                    + "each run's _gdpr/erasure-log.tsv (time, request id, rows removed; no personal data).",
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
        int exit = RequestRunner.run(conf, "erase", subject != null ? "subject" : "path", RunFolderGlob.resolve(conf),
                run -> RunRewriter.Edit.remove(subject != null ? RunFolderGlob.manifest(conf, run).pathsOf(subject) : Set.of(path)));
        System.out.println("erase: the PCA models are aggregates of all vectors and hold no row of them.");
        return exit;
    }
}

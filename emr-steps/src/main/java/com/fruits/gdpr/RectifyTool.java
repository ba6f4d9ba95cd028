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
 * {@code fruits rectify}: the right to rectification. Sets a photo's label to the corrected one in every
 * output of the runs that holds a label (the vectors and the projected Parquet; the rejected list and
 * the subject manifest hold none), proves it by reading them again, and logs it like an erasure.
 */
public class RectifyTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("rectify",
            "Corrects the label of the image --path to --label in the vectors and the projected Parquet of every\n"
                    + "run in --runs, checks it by reading them again and logs the request in each run's\n"
                    + "_gdpr/erasure-log.tsv (time, request id, rows changed; no personal data).",
            List.of(GdprConfigKeys.RUNS, GdprConfigKeys.IMAGE_PATH, GdprConfigKeys.LABEL, GdprConfigKeys.REQUEST,
                    RunConfigKeys.ENCRYPTION_KEY));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        String path = GdprConfigKeys.IMAGE_PATH.require(conf);
        String label = GdprConfigKeys.LABEL.require(conf).strip();
        if (label.isEmpty() || label.chars().anyMatch(c -> c == '/' || c == '\t' || c == '\n' || c == '\r')) {
            throw new UsageException("--label must be a folder-style name without '/', tabs or line breaks, not '" + label + "'");
        }
        int[] held = {0};
        int exit = RequestRunner.run(conf, "rectify", "rectify", RunFolderGlob.resolve(conf), run -> {
            boolean holds = RunFolderGlob.holds(conf, run, path);
            held[0] += holds ? 1 : 0;
            return new RunRewriter.Edit(holds ? Set.of(path) : Set.of(), label);
        });
        if (exit == 0 && held[0] == 0) {
            System.err.println("rectify: no run in --runs holds " + path + "; nothing was changed (give the full path "
                    + "as the outputs name it, e.g. file:/data/Apple/1.jpg or s3a://bucket/images/Apple/1.jpg)");
            return 1;
        }
        return exit;
    }
}

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
            "Corrects the label of the image --path (spelled as for erase) to --label in the vectors and the projected Parquet of every\n"
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
        String cwd = System.getProperty("user.dir");
        return RequestRunner.run(conf, new RequestRunner.Request("rectify", "rectify", "no output names the image '" + path + "'", null),
                RunFolderGlob.resolve(conf), run -> new RunRewriter.Edit(RunFolderGlob.spellings(conf, run, Set.of(path), cwd), label));
    }
}

package com.fruits.gdpr;

import com.fruits.common.CommandOptions;
import com.fruits.common.Durations;
import com.fruits.common.RunConfigKeys;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits retention}: limited retention. Removes, from every run, the images whose subject
 * manifest says they were collected longer ago than {@code --older-than}, and logs it like an erasure.
 * Meant to run on a schedule (a daily EMR step or cron).
 */
public class RetentionTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("retention",
            "Removes the images collected longer ago than --older-than (per the runs' subject manifests) from\n"
                    + "every output of the runs in --runs, and logs it in each run's _gdpr/erasure-log.tsv.",
            List.of(GdprConfigKeys.RUNS, GdprConfigKeys.OLDER_THAN, GdprConfigKeys.REQUEST,
                    RunConfigKeys.ENCRYPTION_KEY));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        String age = GdprConfigKeys.OLDER_THAN.get(conf);
        Instant limit = Instant.now().minus(Durations.positive(age, "--" + GdprConfigKeys.OLDER_THAN.flag()));
        System.out.println("retention: removing what was collected before " + limit + " (" + age + " ago)");
        return RequestRunner.run(conf, "retention", "retention " + age, RunFolderGlob.resolve(conf),
                run -> RunRewriter.Edit.remove(RunFolderGlob.manifest(conf, run).pathsCollectedBefore(limit)));
    }
}

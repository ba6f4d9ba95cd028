package com.fruits.gdpr;

import com.fruits.common.CommandOptions;
import com.fruits.common.Durations;
import com.fruits.common.RunConfigKeys;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

/**
 * {@code fruits retention}: limited retention. Removes, from every run, the images whose subject
 * manifest says they were collected longer ago than {@code --older-than}, and logs and tombstones it
 * like an erasure. Meant to run on a schedule (a daily EMR step or cron); {@code --dry-run} shows what
 * it would remove.
 */
public class RetentionTool extends Configured implements Tool {
    public static final CommandOptions OPTIONS = new CommandOptions("retention",
            "Removes the images collected longer ago than --older-than (per the runs' subject manifests) from\n"
                    + "every output of the runs in --runs, as erase does, and logs it in each run's\n"
                    + "_gdpr/erasure-log.tsv. Prints the cut-off date first; --dry-run changes nothing.",
            List.of(GdprConfigKeys.RUNS, GdprConfigKeys.OLDER_THAN, GdprConfigKeys.DRY_RUN, GdprConfigKeys.REQUEST,
                    RunConfigKeys.ENCRYPTION_KEY));

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (!OPTIONS.parse(args, conf)) {
            return 0;
        }
        String age = GdprConfigKeys.OLDER_THAN.get(conf);
        Instant limit = Durations.age(age, "--" + GdprConfigKeys.OLDER_THAN.flag()).before(Instant.now());
        List<Path> runs = RunFolderGlob.resolve(conf);
        System.out.println("retention: " + (GdprConfigKeys.DRY_RUN.getBoolean(conf) ? "would remove" : "removing")
                + " what was collected before " + limit + " (" + age + " ago) from " + runs.size() + " run(s)");
        return RequestRunner.run(conf, new RequestRunner.Request("retention", "retention " + age, null,
                        run -> RunFolderGlob.manifest(conf, run).pathsCollectedBefore(limit)), runs,
                run -> RunRewriter.Edit.remove(RunFolderGlob.spellings(conf, run,
                        RunFolderGlob.manifest(conf, run).pathsCollectedBefore(limit), null)));
    }
}

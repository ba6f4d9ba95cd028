package com.fruits.common;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** A Configuration for the local job runner whose scratch space (hadoop.tmp.dir) is a test's temporary folder. */
public final class LocalJobConf {
    private LocalJobConf() {
    }

    public static Configuration in(Path tmp) {
        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
        return conf;
    }
}

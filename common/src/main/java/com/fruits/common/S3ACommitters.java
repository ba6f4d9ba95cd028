package com.fruits.common;

import org.apache.hadoop.conf.Configuration;

/**
 * Output on {@code s3a://} commits through an S3A committer, never by rename (slow, and not atomic on
 * S3): the magic committer writes each task's files as pending multipart uploads and completes them
 * at job commit, so a failed, retried or speculative attempt leaves nothing behind. Set
 * {@code fs.s3a.committer.name=directory} to stage on local disk instead (Hadoop's staging committer).
 */
public final class S3ACommitters {
    static final String FACTORY = "mapreduce.outputcommitter.factory.scheme.s3a";
    static final String NAME = "fs.s3a.committer.name";

    private S3ACommitters() {
    }

    /** Map-only jobs: the magic committer, unless the user chose one with -D. */
    public static void configure(Configuration jobConf) {
        configure(jobConf, "magic");
    }

    /**
     * Sets committer {@code name} for s3a outputs of a job, unless the user chose one with -D. Jobs with
     * reducers take "directory": Hadoop 3.4's magic committer fails to commit a map task that wrote
     * nothing (its map output went to the shuffle), looking for a task directory that never existed.
     */
    public static void configure(Configuration jobConf, String name) {
        jobConf.setIfUnset(FACTORY, "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
        // Hadoop's default, "file", would rename on S3.
        if (jobConf.get(NAME) == null || "file".equals(jobConf.get(NAME))) {
            jobConf.set(NAME, name);
        }
        jobConf.setIfUnset("fs.s3a.committer.magic.enabled", "true");
    }
}

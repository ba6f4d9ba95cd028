package com.fruits.common;

import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;

/**
 * Names the job jar, as {@link Job#setJarByClass} does, only where it is needed: on a cluster the
 * containers load our classes from it. The local job runner runs the tasks in this JVM, with our
 * classes already loaded, yet would copy the whole 200 MB suite jar into its staging folder for
 * every job (1.3 GB read for a pipeline on 300 images): seconds of fixed cost for nothing.
 */
public final class JobJar {
    private JobJar() {
    }

    public static void set(Job job, Class<?> cls) {
        String framework = job.getConfiguration().get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME);
        if (!MRConfig.LOCAL_FRAMEWORK_NAME.equals(framework)) {
            job.setJarByClass(cls);
        }
    }

    /** True when jobs run in this JVM (Hadoop's local job runner). */
    public static boolean local(org.apache.hadoop.conf.Configuration conf) {
        return MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    }
}

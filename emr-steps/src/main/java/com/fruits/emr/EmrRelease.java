package com.fruits.emr;

import java.util.Map;
import org.apache.hadoop.util.VersionInfo;

/**
 * The Hadoop that each EMR 7.x release ships (AWS's "Hadoop version history"), to warn when a
 * {@code --release} runs the job jar on another Hadoop than the one it was built and tested with.
 * The default release ({@code fruits.emr.release}) is the newest in standard support whose Hadoop
 * equals the build's: emr-7.12.0, Hadoop 3.4.1.
 */
final class EmrRelease {
    private static final Map<String, String> HADOOP = Map.ofEntries(
            Map.entry("emr-7.0.0", "3.3.6"), Map.entry("emr-7.1.0", "3.3.6"), Map.entry("emr-7.2.0", "3.3.6"),
            Map.entry("emr-7.3.0", "3.3.6"), Map.entry("emr-7.4.0", "3.4.0"), Map.entry("emr-7.5.0", "3.4.0"),
            Map.entry("emr-7.6.0", "3.4.0"), Map.entry("emr-7.7.0", "3.4.0"), Map.entry("emr-7.8.0", "3.4.1"),
            Map.entry("emr-7.9.0", "3.4.1"), Map.entry("emr-7.10.0", "3.4.1"), Map.entry("emr-7.11.0", "3.4.1"),
            Map.entry("emr-7.12.0", "3.4.1"), Map.entry("emr-7.13.0", "3.4.2"));

    private EmrRelease() {
    }

    /** The Hadoop version of a release, or null for one this table does not know. */
    static String hadoopOf(String label) {
        return HADOOP.get(label);
    }

    /** A warning when the release's Hadoop differs from the one the suite was built with, else null. */
    static String warning(String label) {
        String built = VersionInfo.getVersion();
        String shipped = hadoopOf(label);
        if (built.equals(shipped)) {
            return null;
        }
        return "warning: " + label + (shipped == null ? " is not a release this suite knows" : " ships Hadoop " + shipped)
                + ", the suite is built and tested on Hadoop " + built + "; prefer "
                + EmrConfigKeys.RELEASE.defaultValue();
    }
}

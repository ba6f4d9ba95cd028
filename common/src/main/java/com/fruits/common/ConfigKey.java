package com.fruits.common;

import org.apache.hadoop.conf.Configuration;

/**
 * One setting: the Hadoop property ({@code -D fruits.x=...}), the command-line flag that sets it, its
 * default and a one-line description from which help and docs are generated. Each job or command
 * keeps its own enum of these beside it, as Hadoop's TeraSort keeps {@code TeraSortConfigKeys}.
 */
public interface ConfigKey {
    /** What a key is: flag, property, default, placeholder (null for a switch) and description. */
    record Spec(String flag, String property, String defaultValue, String argument, String description) {
    }

    Spec spec();

    default String flag() {
        return spec().flag();
    }

    default String property() {
        return spec().property();
    }

    default String defaultValue() {
        return spec().defaultValue();
    }

    /** The placeholder shown in help, or null for a switch that takes no value. */
    default String argument() {
        return spec().argument();
    }

    default String description() {
        return spec().description();
    }

    /** True for a key naming something the command reads: its output may not overlap it. */
    default boolean namesInput() {
        return false;
    }

    /** Checks the value set (by flag or -D) before any job runs; a {@link UsageException} in one sentence. */
    default void check(Configuration conf) {
    }

    default String get(Configuration conf) {
        return conf.get(property(), defaultValue());
    }

    default int getInt(Configuration conf) {
        return conf.getInt(property(), Integer.parseInt(defaultValue()));
    }

    default long getLong(Configuration conf) {
        return conf.getLong(property(), Long.parseLong(defaultValue()));
    }

    default double getDouble(Configuration conf) {
        return conf.getDouble(property(), Double.parseDouble(defaultValue()));
    }

    default boolean getBoolean(Configuration conf) {
        return conf.getBoolean(property(), Boolean.parseBoolean(defaultValue()));
    }

    /** The value, or a {@link UsageException} naming the flag when it was set nowhere. */
    default String require(Configuration conf) {
        String value = get(conf);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + flag() + " is required (or -D " + property() + "=...)");
        }
        return value;
    }

    /** Refuses a value of {@code key} outside [min, max] or not a whole number. */
    static void checkRange(ConfigKey key, Configuration conf, long min, long max) {
        String value = conf.get(key.property());
        if (value == null) {
            return;
        }
        String bound = max == Long.MAX_VALUE ? "any larger number" : String.valueOf(max);
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key.flag() + " needs a whole number from " + min + " to " + bound + ", not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new UsageException("--" + key.flag() + " must be from " + min + " to " + bound + ", not " + v);
        }
    }

    /** Refuses a value of {@code key} that is not a share between 0 and 1. */
    static void checkRatio(ConfigKey key, Configuration conf) {
        String value = conf.get(key.property());
        if (value == null) {
            return;
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new UsageException("--" + key.flag() + " is a share between 0 and 1 (0.05 = 5%), not '" + value + "'");
        }
    }

    /** Refuses a duration of {@code key} that is not positive. */
    static void checkDuration(ConfigKey key, Configuration conf) {
        String value = conf.get(key.property());
        if (value != null) {
            Durations.positive(value, "--" + key.flag());
        }
    }
}

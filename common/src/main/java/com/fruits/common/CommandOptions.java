package com.fruits.common;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Parses a command's {@code --flag value} arguments into its Configuration (after ToolRunner has
 * taken the generic {@code -D}, {@code -files}, {@code -libjars} options) and prints its help.
 */
public final class CommandOptions {
    private final String command;
    private final String summary;
    private final List<ConfigKey> keys;

    public CommandOptions(String command, String summary, List<ConfigKey> keys) {
        this.command = command;
        this.summary = summary;
        this.keys = keys;
    }

    /**
     * Sets each given flag's property in {@code conf}. Returns false when help was asked for (and
     * printed); throws {@link UsageException} on an unknown flag, a missing or malformed value.
     */
    public boolean parse(String[] args, Configuration conf) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(help());
                return false;
            }
            if (arg.startsWith("-D")) {
                // A Hadoop property after the command's own flags: ToolRunner only takes those before them.
                String property = arg.length() > 2 ? arg.substring(2) : i + 1 < args.length ? args[++i] : "";
                int eq = property.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("-D needs key=value, not '" + property + "'");
                }
                conf.set(property.substring(0, eq), property.substring(eq + 1));
                continue;
            }
            ConfigKey key = find(arg);
            if (key.argument() == null) {
                conf.setBoolean(key.property(), true);
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(arg + " needs a value " + key.argument());
            }
            conf.set(key.property(), args[++i]);
        }
        // Ranges are checked on the Configuration, so that -D values are held to them as flags are.
        for (ConfigKey key : keys) {
            key.check(conf);
        }
        return true;
    }

    private ConfigKey find(String arg) {
        String name = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-") ? arg.substring(1) : null;
        if (name != null) {
            for (ConfigKey key : keys) {
                if (key.flag().equals(name)) {
                    return key;
                }
            }
        }
        throw new UsageException("'" + arg + "' is not an option of 'fruits " + command + "'; see 'fruits "
                + command + " --help'");
    }

    public String command() {
        return command;
    }

    public List<ConfigKey> keys() {
        return keys;
    }

    /** The command's options as a Markdown section (docs/options.md is generated from these). */
    public String markdown() {
        StringBuilder out = new StringBuilder("## fruits ").append(command).append("\n\n")
                .append(summary.replace("\n", " ")).append("\n\n| flag | property | default | meaning |\n|---|---|---|---|\n");
        for (ConfigKey key : keys) {
            out.append("| `--").append(key.flag())
                    .append(key.argument() == null ? "" : " " + key.argument().replace("|", "\\|"))
                    .append("` | `").append(key.property()).append("` | ")
                    .append(key.defaultValue() == null ? "" : key.defaultValue()).append(" | ")
                    .append(key.description().replace("|", "\\|")).append(" |\n");
        }
        return out.append('\n').toString();
    }

    public String help() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: fruits ").append(command).append(" [generic options] [options]\n\n")
                .append(summary).append("\n\nOptions (each also settable as -D <property>=<value>):\n");
        for (ConfigKey key : keys) {
            String flag = "--" + key.flag() + (key.argument() == null ? "" : " " + key.argument());
            out.append(String.format(Locale.ROOT, "  %-28s %s%n", flag, key.description()));
            out.append(String.format(Locale.ROOT, "  %-28s property %s%s%n", "", key.property(),
                    key.defaultValue() == null ? "" : ", default " + key.defaultValue()));
        }
        out.append("\nGeneric options: -D <property=value>, -conf <file>, -fs <uri>, -jt <host:port>,\n"
                + "-files <list>, -libjars <list>, -archives <list> (Hadoop's ToolRunner).\n");
        return out.toString();
    }
}

package com.fruits.bench;

import com.fruits.common.FruitsConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Runs {@code fruits ceiling} in several JVMs at once, as a node runs several map containers, and adds
 * up their inference throughput. Each process measures the same first images, so the work is equal.
 */
final class CeilingProcesses {
    private static final Pattern RATE = Pattern.compile("inference ([0-9.]+) images/s");

    private CeilingProcesses() {
    }

    static TuningResult run(Configuration conf, Path input, int processes, int threads, int cores)
            throws IOException, InterruptedException {
        long images = FruitsConfigKeys.LIMIT.getLong(conf);
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx2g",
                    "-cp", System.getProperty("java.class.path")));
            if (System.getProperty("log4j.configuration") != null) {
                command.add("-Dlog4j.configuration=" + System.getProperty("log4j.configuration"));
            }
            command.addAll(List.of("com.fruits.emr.FruitsCli", "ceiling", "--input", input.toString(),
                    "--model", FruitsConfigKeys.MODEL.get(conf), "--limit", String.valueOf(images),
                    "--batch-size", FruitsConfigKeys.BATCH_SIZE.get(conf), "--tf-threads", String.valueOf(threads)));
            running.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        double rate = 0;
        for (Process process : running) {
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = RATE.matcher(output);
            if (process.waitFor() != 0 || !m.find()) {
                throw new IOException("A ceiling process failed: " + output);
            }
            rate += Double.parseDouble(m.group(1));
        }
        String setting = String.format(Locale.ROOT, "%d process(es) at once, tf-threads %s", processes,
                threads == 0 ? "0 (all " + cores + ")" : String.valueOf(threads));
        // Expressed as the images all processes went through in the time their summed rate implies.
        long total = images * processes;
        return new TuningResult("inference (pre-decoded), separate JVMs", setting, total, total / rate);
    }
}

package com.fruits.bench;

import com.fruits.cli.FruitsCli;
import com.fruits.featurize.FeaturizeConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final Pattern RATES = Pattern.compile(
            "inference ([0-9.]+) images/s; decode \\+ resize ([0-9.]+) images/s");

    /** What the processes did together: inference images/s summed, decode + resize images/s of one thread (mean). */
    record Ceiling(String engine, int processes, int threads, long images, double inferenceImagesPerSecond,
                   double decodeImagesPerSecond) {
        String layout(int cores) {
            return String.format(Locale.ROOT, "%d process(es) x %s thread(s)", processes,
                    threads == 0 ? "all " + cores : String.valueOf(threads));
        }

        TuningResult asTuning(int cores) {
            return new TuningResult(engine + ", inference (pre-decoded), separate JVMs", layout(cores) + ", batch "
                    + "as the job", images, images / inferenceImagesPerSecond);
        }
    }

    private CeilingProcesses() {
    }

    /** {@code processes} JVMs of {@code threads} inference threads each, each on the first {@code imagesEach} images. */
    static Ceiling run(Configuration conf, Path input, int processes, int threads, long imagesEach)
            throws IOException, InterruptedException {
        String engine = FeaturizeConfigKeys.ENGINE.get(conf);
        List<Process> running = new ArrayList<>();
        List<java.nio.file.Path> errors = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx2g",
                    "-cp", System.getProperty("java.class.path")));
            if (System.getProperty("log4j.configuration") != null) {
                command.add("-Dlog4j.configuration=" + System.getProperty("log4j.configuration"));
            }
            command.addAll(List.of(FruitsCli.class.getName(), "ceiling", "--input", input.toString(),
                    "--model", FeaturizeConfigKeys.MODEL.get(conf), "--engine", engine,
                    "--limit", String.valueOf(imagesEach),
                    "--batch-size", FeaturizeConfigKeys.BATCH_SIZE.get(conf), "--tf-threads", String.valueOf(threads)));
            java.nio.file.Path error = Files.createTempFile("fruits-ceiling", ".err");
            errors.add(error);
            running.add(new ProcessBuilder(command).redirectError(error.toFile()).start());
        }
        double inference = 0;
        double decode = 0;
        try {
            for (int i = 0; i < processes; i++) {
                Process process = running.get(i);
                String output;
                try (InputStream in = process.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher m = RATES.matcher(output);
                if (process.waitFor() != 0 || !m.find()) {
                    throw new IOException("A ceiling process failed: " + output + tail(errors.get(i)));
                }
                inference += Double.parseDouble(m.group(1));
                decode += Double.parseDouble(m.group(2)) / processes;
            }
        } finally {
            running.forEach(Process::destroy);
            for (java.nio.file.Path error : errors) {
                Files.deleteIfExists(error);
            }
        }
        return new Ceiling(engine, processes, threads, imagesEach * processes, inference, decode);
    }

    /** The end of a failed process's standard error: where Java says what went wrong. */
    private static String tail(java.nio.file.Path error) throws IOException {
        List<String> lines = Files.readAllLines(error, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}

package com.fruits.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code fruits <args>} in a JVM of its own (this test JVM's classpath and options), to kill it for real. */
public final class ChildRun {
    private ChildRun() {
    }

    public static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FruitsCli.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code path} exists, failing when the child ended first or after two minutes. */
    public static void awaitFile(Process child, Path path, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!java.nio.file.Files.exists(path)) {
            if (!child.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("The child run ended or stalled before " + path + " appeared:\n"
                        + java.nio.file.Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL: no shutdown hook, no finally block runs. */
    public static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        child.waitFor();
    }
}

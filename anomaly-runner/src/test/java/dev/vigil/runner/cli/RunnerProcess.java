package dev.vigil.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil ARGS} as a separate JVM, as an operator starts it: {@link Main} on this test's class path,
 * its own environment, stdout and stderr appended to a log file. {@link #kill9()} ends it with SIGKILL
 * (no shutdown hook runs, nothing is flushed), {@link #close()} with SIGTERM.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private RunnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code vigil args} with {@code env} added to this JVM's environment; output appended to {@code log}. */
    static RunnerProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under surefire the class path is a manifest-only jar naming every test dependency: usable as is.
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new RunnerProcess(pb.start(), log);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Everything the runner logged so far (all its runs, when several share the file). */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, waits up to 30 s for the exit, and returns its code (-1: still running, then SIGKILL). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill9();
            return -1;
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

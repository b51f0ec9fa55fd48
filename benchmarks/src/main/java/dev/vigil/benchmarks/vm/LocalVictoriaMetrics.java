package dev.vigil.benchmarks.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code victoria-metrics} started for one benchmark run on 127.0.0.1: a free port, a temporary
 * storage directory ({@code -retentionPeriod=100y}, {@code -search.disableCache}, errors only in its log),
 * healthy when {@link #start} returns; {@link #close} stops it and deletes the directory.
 */
public final class LocalVictoriaMetrics implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final String url;

    private LocalVictoriaMetrics(Process process, Path dir, String url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /** Starts the server and waits (up to 30 s) for {@code /health}. */
    public static LocalVictoriaMetrics start(String tempPrefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(tempPrefix);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Process p = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath="
                + dir.resolve("data"), "-retentionPeriod=100y", "-search.disableCache", "-loggerLevel=ERROR")
                .redirectErrorStream(true).redirectOutput(dir.resolve("vm.log").toFile()).start();
        LocalVictoriaMetrics vm = new LocalVictoriaMetrics(p, dir, url);
        try {
            waitHealthy(url);
        } catch (RuntimeException | InterruptedException e) {
            // Never leave a server behind when it did not come up.
            vm.close();
            throw e;
        }
        return vm;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return url;
    }

    /** Makes every imported point searchable ({@code /internal/force_flush}). */
    public void flush() {
        flush(url);
    }

    /** {@code /internal/force_flush} of the server at {@code url}. */
    public static void flush(String url) {
        get(url + "/internal/force_flush");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    /** Deletes a directory and everything below it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int get(String u) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(u).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(60_000);
            int code = c.getResponseCode();
            c.getInputStream().readAllBytes();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void waitHealthy(String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (get(url + "/health") == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new UncheckedIOException(new IOException("victoria-metrics at " + url + " did not become healthy"));
    }
}

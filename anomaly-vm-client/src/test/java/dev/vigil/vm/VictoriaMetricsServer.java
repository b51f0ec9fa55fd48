package dev.vigil.vm;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension running a real single-node VictoriaMetrics on 127.0.0.1 for one test class:
 * a free port, a temporary storage directory, {@code -retentionPeriod=100y} (old timestamps are kept) and
 * {@code -search.disableCache}. Starts before all tests, waits for {@code /health}, stops after all;
 * a test may {@link #stop()} and {@link #start()} it in between (same port, same data).
 *
 * <p>Use: {@code @RegisterExtension static final VictoriaMetricsServer VM = new VictoriaMetricsServer();}.
 * The binary is {@code /usr/bin/victoria-metrics} (Debian package {@code victoria-metrics}) or the
 * {@code VICTORIA_METRICS_BIN} environment variable. When it is missing the tests FAIL with a message
 * saying how to install it (never a silent skip: CI installs the package). JDK + JUnit only; the
 * module publishes it in its test-jar, which the runner's integration tests use.
 */
public final class VictoriaMetricsServer implements BeforeAllCallback, AfterAllCallback {

    private final List<String> extraFlags;
    private Process process;
    private Path dataDir;
    private Path logFile;
    private int port;
    private Path binary;

    /** @param extraFlags additional command-line flags, e.g. {@code -search.latencyOffset=30s} */
    public VictoriaMetricsServer(String... extraFlags) {
        this.extraFlags = List.of(extraFlags);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:38123}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String bin = System.getenv().getOrDefault("VICTORIA_METRICS_BIN", "/usr/bin/victoria-metrics");
        if (!Files.isExecutable(Path.of(bin))) {
            String msg = "VictoriaMetrics binary '" + bin + "' not found: install the Debian package 'victoria-metrics'"
                    + " (apt-get install victoria-metrics) or set VICTORIA_METRICS_BIN";
            Assertions.fail(msg);
        }
        binary = Path.of(bin);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dataDir = Files.createTempDirectory("vigil-vm-");
        logFile = dataDir.resolve("victoria-metrics.log");
        start();
    }

    /**
     * Starts the server process on the same port and storage directory: after {@link #stop()}, the data
     * written before is there again, as after a restart of a real node.
     */
    public void start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dataDir.resolve("data"), "-retentionPeriod=100y", "-search.disableCache",
                "-loggerLevel=ERROR"));
        cmd.addAll(extraFlags);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("victoria-metrics exited with " + process.exitValue() + ": " + log());
            }
            if (get("/health") == 200) {
                return;
            }
            Thread.sleep(50);
        }
        stop();
        Assertions.fail("victoria-metrics did not become healthy within 30 s: " + log());
    }

    /**
     * Stops the server process (SIGTERM: it flushes what it has received, as a node taken down for
     * maintenance does) and waits for it to exit; the storage directory is kept for {@link #start()}.
     */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /**
     * Whether the server binary contains {@code ascii} (e.g. the name of a query arg it parses): a cheap,
     * version-independent probe of a feature.
     */
    public boolean binaryMentions(String ascii) throws IOException {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] hay = Files.readAllBytes(binary);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Makes imported data visible to queries at once. */
    public void flush() throws IOException {
        int code = get("/internal/force_flush");
        if (code != 200) {
            throw new IOException("force_flush answered " + code);
        }
    }

    private int get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url() + path).openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            int code = c.getResponseCode();
            c.getInputStream().readAllBytes();
            c.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    private String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dataDir = null;
        }
    }
}

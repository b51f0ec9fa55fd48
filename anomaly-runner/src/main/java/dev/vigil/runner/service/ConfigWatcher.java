package dev.vigil.runner.service;

import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.state.ConfigDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload ({@code --watch}): every {@code -configCheckInterval} compares a content hash of the
 * configuration files (the files given and the {@code .yaml}/{@code .yml} files of the directories
 * given, symbolic links followed) with the last one seen. Contents, not modification times, so that a
 * Kubernetes ConfigMap update, which swaps a {@code ..data} symbolic link and leaves the files' own
 * times alone, is seen too. A change is loaded and validated exactly as at start; a valid
 * configuration is applied ({@link Applier}), an invalid one is logged with every error (YAML path and
 * {@code file:line}) and the previous configuration keeps running. Each attempt counts in
 * {@code vmanomaly_config_reloads_total{status}} and sets {@code vmanomaly_config_last_reload_successful}.
 *
 * <p>Thread-safety: {@link #check()} is serialised; {@link #start()} runs it on a daemon thread
 * {@code vigil-config-watch}, {@link #close()} stops that thread. One poll reads every file: O(bytes
 * of configuration).
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service.config");

    /** Loads and validates the configuration, as at start. */
    @FunctionalInterface
    public interface Loader {
        /** The validated configuration; throws with every error found. */
        RunnerConfig load() throws ConfigException;
    }

    /** Applies a valid new configuration to the running service. */
    @FunctionalInterface
    public interface Applier {
        /**
         * Applies {@code next}; throws (with a message for the log) when it cannot be applied, in
         * which case nothing was changed.
         */
        ConfigDiff apply(RunnerConfig next) throws Exception;
    }

    private final List<Path> paths;
    private final Duration interval;
    private final Loader loader;
    private final Applier applier;
    private final RunnerMetrics metrics;
    private final InstantSource clock;
    private String seen;
    private Thread thread;

    /**
     * A watcher of {@code paths}.
     *
     * @param seen the {@link #fingerprint} of the files the running configuration was loaded from
     *     (taken before loading it, so that an edit made meanwhile is not missed)
     * @param interval time between two polls (positive)
     */
    public ConfigWatcher(List<Path> paths, String seen, Duration interval, Loader loader, Applier applier,
                         RunnerMetrics metrics, InstantSource clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the config check interval must be positive, got " + interval);
        }
        this.paths = List.copyOf(paths);
        this.interval = interval;
        this.loader = loader;
        this.applier = applier;
        this.metrics = metrics;
        this.clock = clock;
        this.seen = seen;
        metrics.reloadEnabled(true);
    }

    /**
     * A hash of the contents of the configuration files of {@code paths} (each file's path and
     * bytes, in load order); a file that cannot be read counts as its error message, so a file
     * appearing, vanishing or changing all change the hash.
     */
    public static String fingerprint(List<Path> paths) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (Path p : paths) {
            md.update(("arg:" + p + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Path f : RunnerConfigs.files(paths)) {
            md.update(("file:" + f + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                md.update(Files.readAllBytes(f));
            } catch (IOException e) {
                md.update(("unreadable:" + e).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * One poll: when the files changed since the last poll, loads and applies them.
     *
     * @return whether a changed configuration was found (valid or not)
     */
    public synchronized boolean check() {
        String now = fingerprint(paths);
        if (now.equals(seen)) {
            return false;
        }
        // Remember it even when invalid: the same broken content is reported once, not at every poll.
        seen = now;
        RunnerConfig next;
        try {
            next = loader.load();
        } catch (ConfigException e) {
            LOG.error("config reload: the changed configuration is invalid ({} error(s)); the previous configuration"
                    + " keeps running:\n{}", e.errors().size(), e.getMessage());
            metrics.reloaded(false, 0);
            return true;
        }
        try {
            ConfigDiff diff = applier.apply(next);
            List<String> what = diff.describe();
            LOG.info("config reload: applied{}", what.isEmpty() ? " (no effective change)" : "");
            what.forEach(l -> LOG.info("config reload: {}", l));
            metrics.reloaded(true, clock.millis() / 1000.0);
        } catch (Exception e) {
            LOG.error("config reload: the changed configuration cannot be applied: {}; the previous configuration"
                    + " keeps running", e.getMessage());
            metrics.reloaded(false, 0);
        }
        return true;
    }

    /** Polls every interval on a daemon thread until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.error("config reload: check failed: {}", e.toString());
                }
            }
        }, "vigil-config-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for changes every {}s", paths, interval.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}

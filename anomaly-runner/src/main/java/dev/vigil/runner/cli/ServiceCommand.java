package dev.vigil.runner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.vigil.core.time.Durations;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.sharding.Membership;
import dev.vigil.config.sharding.Sharding;
import dev.vigil.config.sharding.ShardingException;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.service.ConfigWatcher;
import dev.vigil.runner.service.ServiceRunner;
import dev.vigil.runner.service.UiOnlyRunner;
import dev.vigil.runner.state.RestorePlan;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.VmConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The service mode shared by {@code vigil CONFIG...} and {@code vigil run CONFIG...}: the flags
 * with vmanomaly's spellings, config loading, {@code --dryRun}/{@code --outputSpec}, logging set-up,
 * and the run itself with a SIGTERM hook that lets the job in progress finish and exits 0.
 * A picocli mixin; not thread-safe (one command line runs once).
 */
public final class ServiceCommand {

    /** vmanomaly's default config file, used when no path is given and it exists. */
    static final String DEFAULT_CONFIG = "vmanomaly.yaml";

    /** The directory of on-disk model state, as vmanomaly names it ({@code settings.restore_state}). */
    static final String MODEL_DUMPS_DIR = "VMANOMALY_MODEL_DUMPS_DIR";
    static final String DATA_DUMPS_DIR = "VMANOMALY_DATA_DUMPS_DIR";

    /** The environment; {@code null}: the process's (tests set their own). */
    static volatile Map<String, String> environment;

    /** How long a SIGTERM waits for the job in progress, unless {@code --stopGrace} or {@link #STOP_GRACE_ENV} says. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** The environment variable setting the stop grace period (e.g. {@code 30s}); {@code --stopGrace} wins. */
    static final String STOP_GRACE_ENV = "VIGIL_STOP_GRACE";

    @Option(names = {"--stopGrace", "-stopGrace", "--stop-grace"}, paramLabel = "DURATION",
            description = "How long SIGTERM waits for the job in progress before abandoning it (e.g. 30s;"
                    + " default 60s, or $" + STOP_GRACE_ENV + ").")
    String stopGrace;

    @Option(names = {"--loggerLevel", "-loggerLevel", "--log-level", "--log_level", "-log-level", "-log_level"},
            paramLabel = "LEVEL", description = "DEBUG, INFO (default), WARNING, ERROR or FATAL.")
    String loggerLevel;

    @Option(names = {"--loggerFormat", "-loggerFormat"}, paramLabel = "FORMAT",
            description = "Log format: default (text) or json.")
    String loggerFormat;

    @Option(names = {"--dryRun", "-dryRun", "--dry-run"}, arity = "0..1", fallbackValue = "true",
            description = "Load and validate the configuration, print it resolved (defaults filled in), exit 0 if"
                    + " valid, else 2. Connects to nothing.")
    boolean dryRun;

    @Option(names = {"--outputSpec", "-outputSpec"}, paramLabel = "PATH",
            description = "Also write the resolved configuration as YAML to PATH.")
    Path outputSpec;

    /** How often {@code --watch} polls the configuration files, unless {@code -configCheckInterval} says (vmanomaly's default). */
    static final Duration CONFIG_CHECK_INTERVAL = Duration.ofSeconds(30);

    @Option(names = {"--watch", "-watch"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Hot reload: poll the configuration files and directories for changes (by content, so"
                    + " Kubernetes ConfigMap updates are seen) and apply a valid change without a restart; an invalid"
                    + " one is logged and the running configuration kept. true/false/1/0; default false.")
    String watch;

    @Option(names = {"--configCheckInterval", "-configCheckInterval", "--config.check.interval",
        "-config.check.interval", "--config-check-interval", "--config_check_interval"}, paramLabel = "DURATION",
            description = "How often --watch checks the configuration (e.g. 10s; default 30s).")
    String configCheckInterval;

    @Option(names = {"--license", "-license", "--licenseFile", "-licenseFile", "--license-file",
        "--license.forceOffline", "--license-verify-offline"}, arity = "0..1", fallbackValue = "", hidden = true)
    String license;

    /**
     * Runs the service (or the dry run) for {@code paths}.
     *
     * @return the exit code: 0 done (finite schedulers finished, or stopped by SIGTERM); 1 when this member of
     *     a sharded group ({@code VMANOMALY_MEMBERS_COUNT}) is assigned no sub-configuration, as vmanomaly does
     * @throws UserException for a mistake of the user (bad config, bad flag value)
     */
    int execute(List<Path> paths, PrintWriter out, PrintWriter err, ModelRegistry registry, Ticker ticker)
            throws IOException, InterruptedException {
        boolean watching = watching();
        Duration checkInterval = checkInterval();
        configureLogging();
        if (license != null) {
            LoggerFactory.getLogger("service").warn("Vigil needs no licence: the --license* flags are ignored");
        }
        List<Path> configs = new ArrayList<>(paths);
        if (configs.isEmpty()) {
            if (!Files.exists(Path.of(DEFAULT_CONFIG))) {
                throw new UserException("missing a command or a configuration: run 'vigil CONFIG.yml [MORE.yml|DIR"
                        + " ...]' or 'vigil score ...' (there is no " + DEFAULT_CONFIG + " in the current directory)");
            }
            configs.add(Path.of(DEFAULT_CONFIG));
        }
        if (paths.size() == 1 && !Files.exists(paths.get(0)) && !paths.get(0).toString().matches(".*[./\\\\].*")) {
            throw new UserException("'" + paths.get(0) + "' is neither a command (see 'vigil --help') nor an existing"
                    + " configuration file");
        }
        RunnerConfig config;
        // Taken before loading, so an edit made while the runner starts is seen by the first poll.
        String fingerprint = watching ? ConfigWatcher.fingerprint(configs) : null;
        try {
            config = dataDumps(RunnerConfigs.load(configs, env(), registry));
        } catch (ConfigException e) {
            if (e.errors().size() == 1) {
                throw new UserException("invalid configuration: " + e.errors().get(0));
            }
            err.println(e.getMessage());
            err.flush();
            throw new UserException("the configuration is invalid (" + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + ", listed above)");
        }
        if (outputSpec != null) {
            Files.writeString(outputSpec, RunnerConfigs.toYaml(config), StandardCharsets.UTF_8);
        }
        if (config.uiOnly()) {
            return uiOnly(config, out, err);
        }
        Sharding.Share share = share(config);
        RunnerConfig whole = config;
        config = share.empty() ? config : share.config();
        String dumps = env().get(MODEL_DUMPS_DIR);
        StateStore store = dumps == null || dumps.isBlank() ? null : StateStore.in(Path.of(dumps), registry);
        if (config.settings().restoreState() && store == null) {
            throw new UserException("invalid configuration: settings.restore_state: true needs the environment variable "
                    + MODEL_DUMPS_DIR + " (the directory where the models are kept across restarts); set it, or set"
                    + " restore_state: false");
        }
        if (dryRun) {
            config.warnings().forEach(w -> err.println("warning: " + w));
            out.print(RunnerConfigs.toYaml(whole));
            if (share.membership().sharded()) {
                share.describe().forEach(l -> out.println("# " + l));
                if (share.empty()) {
                    out.println("# this member has nothing to run: the service would exit with code 1");
                }
            }
            if (store != null && !share.empty()) {
                stateReport(config, store, ticker).forEach(l -> out.println("# " + l));
            }
            out.flush();
            return 0;
        }
        stopGrace(); // a bad value fails before the service starts
        if (share.empty()) {
            LoggerFactory.getLogger("service").error("{}: none of the {} sub-configurations is assigned to this member;"
                    + " nothing to run, exiting with code 1", share.membership(), share.all().size());
            return 1;
        }
        if (share.membership().sharded()) {
            // The summary always; one line per sub-configuration (possibly thousands) at DEBUG.
            List<String> lines = share.describe();
            org.slf4j.Logger log = LoggerFactory.getLogger("service.sharding");
            log.info(lines.get(0));
            lines.subList(1, lines.size()).forEach(log::debug);
        }
        if (store != null && !config.settings().restoreState() && !store.isEmpty()) {
            int n = store.deleteAll();
            LoggerFactory.getLogger("service.state").info("restore_state is off: deleted {} stored state file(s) in {}",
                    n, store.dir());
        }
        applyLoggerLevels(config.settings().loggerLevels());
        Path dataDumps = dataDumpsDir();
        if (dataDumps != null && config.reader() != null) {
            org.slf4j.Logger log = LoggerFactory.getLogger("service.state");
            if ("vm".equals(config.reader().kind())) {
                log.info("reads split by max_points_per_query park their chunks in {} ({}) while they last",
                        dataDumps, DATA_DUMPS_DIR);
            } else {
                log.warn("{} is set but has no effect: only reads from VictoriaMetrics split by max_points_per_query"
                        + " park data on disk, and the file reader reads none", DATA_DUMPS_DIR);
            }
        }
        ServiceRunner runner;
        try {
            // Without restore_state, a store means on-disk mode: models in its dumps between jobs.
            runner = new ServiceRunner(config, ticker, VigilCommand.Version.version(), store);
        } catch (VmConfigException e) {
            throw new UserException("invalid configuration: " + e.getMessage());
        } catch (dev.vigil.server.ServerStartException e) {
            throw new UserException(e.getMessage());
        } catch (java.net.BindException e) {
            throw new UserException("cannot serve monitoring.pull on " + config.monitoring().pull().addr() + ":"
                    + config.monitoring().pull().port() + ": " + e.getMessage());
        }
        Duration grace = stopGrace();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> onSigterm(runner, closed, grace), "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ConfigWatcher watcher = watching ? watcher(configs, fingerprint, checkInterval, registry, runner, store,
                config) : null;
        try {
            if (watcher != null) {
                watcher.start();
            }
            runner.run();
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            runner.close();
            closed.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM arrived: the hook owns the exit from here on.
            Thread.currentThread().join();
        }
        return 0;
    }

    /** {@code preset: ui} without jobs: the dry run prints the configuration, else monitoring until SIGTERM. */
    private int uiOnly(RunnerConfig config, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if (dryRun) {
            config.warnings().forEach(w -> err.println("warning: " + w));
            out.print(RunnerConfigs.toYaml(config));
            out.println("# preset ui: no production jobs; the service would serve the API and the UI (/vmui/)");
            out.flush();
            return 0;
        }
        config.warnings().forEach(w -> LoggerFactory.getLogger("service").warn("config: {}", w));
        try (UiOnlyRunner ui = new UiOnlyRunner(config, VigilCommand.Version.version(), InstantSource.system())) {
            Thread hook = new Thread(ui::stop, "vigil-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ui.awaitStop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the JVM exits once the hook has run.
                Thread.currentThread().join();
            }
        } catch (dev.vigil.server.ServerStartException e) {
            throw new UserException(e.getMessage());
        } catch (java.net.BindException e) {
            throw new UserException("cannot serve monitoring.pull on " + config.monitoring().pull().addr() + ":"
                    + config.monitoring().pull().port() + ": " + e.getMessage());
        }
        return 0;
    }

    /** This member's share of {@code config}, from the {@code VMANOMALY_*} sharding variables. */
    private static Sharding.Share share(RunnerConfig config) {
        try {
            return Sharding.share(config, Membership.fromEnv(env()));
        } catch (ShardingException e) {
            throw new UserException("invalid sharding: " + e.getMessage());
        }
    }

    /** {@code --watch}: absent or false/0 off; given alone, true or 1 on. */
    boolean watching() {
        if (watch == null) {
            return false;
        }
        switch (watch.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new UserException("--watch must be true, false, 1 or 0, got '" + watch + "'");
        }
    }

    /** {@code -configCheckInterval}, else {@link #CONFIG_CHECK_INTERVAL}. */
    Duration checkInterval() {
        if (configCheckInterval == null || configCheckInterval.isBlank()) {
            return CONFIG_CHECK_INTERVAL;
        }
        Duration d;
        try {
            d = Durations.parse(configCheckInterval.trim());
        } catch (RuntimeException e) {
            throw new UserException("-configCheckInterval must be a duration such as 30s or 1m, got '"
                    + configCheckInterval + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new UserException("-configCheckInterval must be positive, got '" + configCheckInterval + "'");
        }
        return d;
    }

    /** {@code VMANOMALY_DATA_DUMPS_DIR}, or null when it is not set. */
    private static Path dataDumpsDir() {
        String dir = env().get(DATA_DUMPS_DIR);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /**
     * {@code config} with the chunks of split reads parked in {@code VMANOMALY_DATA_DUMPS_DIR} when it is
     * set (vmanomaly's on-disk data; else the reader's default, the JVM's temporary directory).
     */
    static RunnerConfig dataDumps(RunnerConfig config) {
        Path dir = dataDumpsDir();
        return dir == null || config.reader() == null ? config : config.withReader(config.reader().withSpillDir(dir));
    }

    /**
     * The hot reload of {@code runner}: loads {@code configs} as at start, checks what the start
     * checks besides the schema ({@code restore_state} needs the state directory), applies the logger
     * levels, then the rest ({@link ServiceRunner#reload}).
     */
    static ConfigWatcher watcher(List<Path> configs, String fingerprint, Duration interval, ModelRegistry registry,
                                 ServiceRunner runner, StateStore store, RunnerConfig initial) {
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> levels =
                new java.util.concurrent.atomic.AtomicReference<>(initial.settings().loggerLevels());
        return new ConfigWatcher(configs, fingerprint, interval,
                () -> dataDumps(RunnerConfigs.load(configs, env(), registry)), loaded -> {
                    // A member of a sharded group runs its share of the new configuration, as at start.
                    Sharding.Share share = share(loaded);
                    if (share.empty()) {
                        throw new IllegalArgumentException("none of the " + share.all().size()
                                + " sub-configurations of the new configuration is assigned to " + share.membership());
                    }
                    RunnerConfig next = share.config();
                    if (next.settings().restoreState() && store == null) {
                        throw new IllegalArgumentException("settings.restore_state: true needs the environment"
                                + " variable " + MODEL_DUMPS_DIR + " set when the runner starts");
                    }
                    next.settings().loggerLevels().forEach((k, v) -> level("settings.logger_levels." + k, v));
                    var diff = runner.reload(next);
                    levels.get().keySet().stream().filter(k -> !next.settings().loggerLevels().containsKey(k))
                            .forEach(ServiceCommand::resetLoggerLevel);
                    applyLoggerLevels(next.settings().loggerLevels());
                    levels.set(next.settings().loggerLevels());
                    return diff;
                }, runner.metrics(), Clock.systemUTC());
    }

    /** A logger prefix removed from {@code settings.logger_levels}: back to the level it inherits (--loggerLevel). */
    static void resetLoggerLevel(String prefix) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(prefix).setLevel(null);
        }
    }

    /** The stop grace period: {@code --stopGrace}, else {@link #STOP_GRACE_ENV}, else {@link #STOP_GRACE}. */
    Duration stopGrace() {
        String where = "--stopGrace";
        String v = stopGrace;
        if (v == null || v.isBlank()) {
            where = STOP_GRACE_ENV;
            v = env().get(STOP_GRACE_ENV);
        }
        if (v == null || v.isBlank()) {
            return STOP_GRACE;
        }
        Duration d;
        try {
            d = Durations.parse(v.trim());
        } catch (RuntimeException e) {
            throw new UserException(where + " must be a duration such as 30s or 2m, got '" + v + "'");
        }
        if (d.isNegative()) {
            throw new UserException(where + " must not be negative, got '" + v + "'");
        }
        return d;
    }

    private static Map<String, String> env() {
        Map<String, String> e = environment;
        return e == null ? System.getenv() : e;
    }

    /** What a start would do with the stored state (the dry run's report). */
    private static List<String> stateReport(RunnerConfig config, StateStore store, Ticker ticker) throws IOException {
        List<String> out = new ArrayList<>();
        if (!config.settings().restoreState()) {
            if (!store.isEmpty()) {
                out.add("restore_state is off: the stored state in " + store.dir() + " would be deleted");
            }
            out.add("on-disk mode: models would be kept in " + store.dumps().dir() + " between jobs");
            return out;
        }
        out.add("restore_state: state in " + store.dir() + "; at start the runner would:");
        RestorePlan.of(config, store.headers(), ticker.now()).describe().forEach(l -> out.add("  " + l));
        return out;
    }

    /**
     * SIGTERM: finish the job in progress (writes included), then exit 0 as vmanomaly does. A job
     * still running after {@code grace} is abandoned and named in the log ({@link ServiceRunner#stop}).
     */
    private static void onSigterm(ServiceRunner runner, CountDownLatch closed, Duration grace) {
        org.slf4j.Logger log = LoggerFactory.getLogger("service");
        log.info("SIGTERM: finishing the job in progress (up to {}s), then exiting", grace.toSeconds());
        try {
            if (runner.stop(grace)) {
                closed.await(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
        // halt, not exit: exit() from a shutdown hook would block; the exit code is 0 for an orderly stop.
        Runtime.getRuntime().halt(0);
    }

    private void configureLogging() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (loggerLevel != null) {
            root.setLevel(level("--loggerLevel", loggerLevel));
        }
        if (loggerFormat != null) {
            String f = loggerFormat.toLowerCase(Locale.ROOT);
            if (f.equals("json")) {
                for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                    Appender<ILoggingEvent> a = it.next();
                    if (a instanceof ConsoleAppender) {
                        ConsoleAppender<ILoggingEvent> ca = (ConsoleAppender<ILoggingEvent>) a;
                        JsonEncoder enc = new JsonEncoder();
                        enc.setContext(ctx);
                        // One flat object per line: time, level, thread, logger, the formatted message, throwable.
                        enc.setWithContext(false);
                        enc.setWithSequenceNumber(false);
                        enc.setWithNanoseconds(false);
                        enc.setWithMessage(false);
                        enc.setWithArguments(false);
                        enc.setWithFormattedMessage(true);
                        enc.start();
                        ca.stop();
                        ca.setEncoder(enc);
                        ca.start();
                    }
                }
            } else if (!f.equals("default") && !f.equals("text") && !f.equals("plain")) {
                throw new UserException("--loggerFormat must be 'default' or 'json', got '" + loggerFormat + "'");
            }
        }
    }

    /** {@code settings.logger_levels}: a component prefix (a logger name such as {@code reader.vm}) to a level. */
    static void applyLoggerLevels(Map<String, String> levels) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        levels.forEach((prefix, lvl) -> ctx.getLogger(prefix).setLevel(level("settings.logger_levels." + prefix, lvl)));
    }

    /** vmanomaly's level names (Python's) to logback's. */
    static Level level(String where, String name) {
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG":
                return Level.DEBUG;
            case "INFO":
                return Level.INFO;
            case "WARNING":
            case "WARN":
                return Level.WARN;
            case "ERROR":
            case "FATAL":
            case "CRITICAL":
                return Level.ERROR;
            default:
                throw new UserException(where + " must be DEBUG, INFO, WARNING, ERROR or FATAL, got '" + name + "'");
        }
    }
}

package dev.vigil.config;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigKey.Section;
import dev.vigil.config.presets.Presets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the merged YAML tree into a {@link RunnerConfig}: checks the top level, converts the legacy
 * {@code model}/{@code scheduler} forms, hands each section to its validator, drops orphans (vmanomaly
 * docs, v1.29.4: schedulers and queries no model uses are logged and dropped) and builds the
 * configuration once. Every error is collected with its YAML path and line instead of stopping at the
 * first. Stateless and thread-safe.
 */
final class ConfigValidator {

    private ConfigValidator() {
    }

    /**
     * The configuration of the merged tree {@code root}.
     *
     * @param rootFile the file named by errors about a missing section
     * @param loadWarnings warnings of the loading (duplicate keys), reported first
     * @throws ConfigException listing every error in document order
     */
    static RunnerConfig validate(Node root, String rootFile, ModelRegistry registry, List<String> loadWarnings)
            throws ConfigException {
        Diagnostics diag = new Diagnostics(rootFile);
        loadWarnings.forEach(diag::warn);
        RunnerConfig c = validate(root, diag, registry);
        if (c == null) {
            throw new ConfigException(diag.errors());
        }
        return c;
    }

    /** The configuration, or {@code null} when {@code diag} holds errors. */
    private static RunnerConfig validate(Node root, Diagnostics diag, ModelRegistry registry) {
        if (root == null || !root.isMap()) {
            diag.error("", root, "the configuration is empty: it needs at least the sections schedulers, models,"
                    + " reader and writer");
            return null;
        }
        PresetLayer.Applied applied = PresetLayer.apply(root, diag);
        if (applied == null) {
            return null;
        }
        root = applied.root();
        String preset = applied.preset();
        Fields top = Fields.of(diag, "", root, new LinkedHashMap<>(root.map()), Section.TOP);
        top.checkKeys();
        legacy(top, "model", "models", "default_model");
        legacy(top, "scheduler", "schedulers", "default_scheduler");
        // preset: ui without models or schedulers runs no production job: nothing is required.
        boolean uiOnly = Presets.UI.equals(preset) && !top.contains("models") && !top.contains("schedulers");
        if (uiOnly) {
            return uiOnly(diag, top, preset);
        }

        Settings settings = SettingsSection.validate(diag, top.get("settings"));
        Node readerNode = required(top, "reader");
        ReaderSection.Result reader = readerNode == null ? null : ReaderSection.validate(diag, readerNode);
        Node writerNode = required(top, "writer");
        WriterConfig writer = writerNode == null ? null : WriterSection.validate(diag, writerNode);
        Node sNode = required(top, "schedulers");
        Map<String, SchedulerConfig> schedulers = sNode == null ? Map.of() : SchedulersSection.validate(diag, sNode);
        Node mNode = required(top, "models");
        Set<String> schedulerAliases = sNode != null && sNode.isMap() ? sNode.map().keySet() : Set.of();
        Map<String, ModelConfig> models = mNode == null ? Map.of()
                : new ModelsSection(diag, registry, reader, schedulerAliases, settings).validate(mNode);
        MonitoringConfig monitoring = MonitoringSection.validate(diag, top.get("monitoring"));
        ServerConfig server = ServerSection.validate(diag, top.get("server"));
        if (diag.errorCount() > 0) {
            return null;
        }
        if (models.isEmpty()) {
            diag.error("models", mNode, "every model is unattached (queries or schedulers set to [] or null): nothing"
                    + " to run");
            return null;
        }
        Set<String> usedSchedulers = new LinkedHashSet<>();
        Set<String> usedQueries = new LinkedHashSet<>();
        models.values().forEach(m -> {
            usedSchedulers.addAll(m.schedulers());
            usedQueries.addAll(m.queries());
        });
        Map<String, SchedulerConfig> liveSchedulers = live(schedulers, usedSchedulers, diag,
                a -> "scheduler '" + a + "' is attached to no model; it will not run");
        Map<String, QueryConfig> liveQueries = live(reader.config().queries(), usedQueries, diag,
                a -> "query '" + a + "' is used by no model; it will not be read");
        return new RunnerConfig(liveSchedulers, models, reader.config().withQueries(liveQueries), writer, monitoring,
                settings, List.copyOf(diag.warnings()), server, preset);
    }

    /** {@code preset: ui} alone: the reader and writer are checked when given, and nothing runs. */
    private static RunnerConfig uiOnly(Diagnostics diag, Fields top, String preset) {
        Settings settings = SettingsSection.validate(diag, top.get("settings"));
        Node readerNode = top.get("reader");
        ReaderSection.Result reader = readerNode == null || readerNode.isNull() ? null
                : ReaderSection.validate(diag, readerNode);
        Node writerNode = top.get("writer");
        WriterConfig writer = writerNode == null || writerNode.isNull() ? null
                : WriterSection.validate(diag, writerNode);
        MonitoringConfig monitoring = MonitoringSection.validate(diag, top.get("monitoring"));
        ServerConfig server = ServerSection.validate(diag, top.get("server"));
        if (diag.errorCount() > 0) {
            return null;
        }
        return new RunnerConfig(Map.of(), Map.of(), reader == null ? null : reader.config().withQueries(Map.of()),
                writer, monitoring, settings, List.copyOf(diag.warnings()), server, preset);
    }

    /** The entries of {@code all} some model uses; every other one is dropped with a {@code warning}. */
    private static <T> Map<String, T> live(Map<String, T> all, Set<String> used, Diagnostics diag,
                                           Function<String, String> warning) {
        Map<String, T> live = new LinkedHashMap<>();
        all.forEach((alias, v) -> {
            if (used.contains(alias)) {
                live.put(alias, v);
            } else {
                diag.warn(warning.apply(alias));
            }
        });
        return live;
    }

    /** Reads the legacy single {@code model}/{@code scheduler} as {@code models.<alias>}/{@code schedulers.<alias>}. */
    private static void legacy(Fields top, String single, String plural, String alias) {
        Node n = top.map().remove(single);
        if (n == null) {
            return;
        }
        if (top.contains(plural)) {
            top.warn("both '" + single + "' and '" + plural + "' are set; the legacy '" + single + "' is ignored");
            return;
        }
        top.warn("'" + single + "' is deprecated; it is read as " + plural + "." + alias);
        Map<String, Node> m = new LinkedHashMap<>();
        m.put(alias, n);
        top.map().put(plural, new Node(m, n.file(), n.line()));
    }

    /** A required top-level section, or {@code null} after an error when it is missing. */
    private static Node required(Fields top, String name) {
        Node n = top.get(name);
        if (n == null || n.isNull()) {
            top.error(name, top.node(), "section '" + name + "' is required");
            return null;
        }
        return n;
    }
}

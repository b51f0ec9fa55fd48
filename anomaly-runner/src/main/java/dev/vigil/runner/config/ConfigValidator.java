package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.LEGACY_MODEL;
import static dev.vigil.runner.config.ConfigKeys.LEGACY_SCHEDULER;
import static dev.vigil.runner.config.ConfigKeys.MODELS_SECTION;
import static dev.vigil.runner.config.ConfigKeys.MONITORING_SECTION;
import static dev.vigil.runner.config.ConfigKeys.PRESET;
import static dev.vigil.runner.config.ConfigKeys.READER_SECTION;
import static dev.vigil.runner.config.ConfigKeys.SCHEDULERS;
import static dev.vigil.runner.config.ConfigKeys.SERVER;
import static dev.vigil.runner.config.ConfigKeys.SETTINGS_SECTION;
import static dev.vigil.runner.config.ConfigKeys.WRITER_SECTION;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.config.ConfigKey.Section;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the merged YAML tree into a {@link RunnerConfig}: checks the top level, converts the legacy
 * {@code model}/{@code scheduler} forms, hands each section to its validator, drops orphans (vmanomaly
 * docs, v1.29.4: schedulers and queries no model uses are logged and dropped) and builds the
 * configuration once. Every error is collected with its YAML path and line instead of stopping at the
 * first. Not thread-safe: one instance per validation.
 */
final class ConfigValidator {

    private final ModelRegistry registry;
    private final Diagnostics diag;

    ConfigValidator(ModelRegistry registry, String rootFile) {
        this.registry = registry;
        this.diag = new Diagnostics(rootFile);
    }

    /** The errors found by {@link #validate}, in the order found. */
    List<ConfigError> errors() {
        return diag.errors();
    }

    /** The configuration, or {@code null} when {@link #errors()} is not empty. */
    RunnerConfig validate(Node root) {
        if (root == null || !root.isMap()) {
            diag.error("", root, "the configuration is empty: it needs at least the sections schedulers, models,"
                    + " reader and writer");
            return null;
        }
        Fields top = Fields.of(diag, "", root, new LinkedHashMap<>(root.map()));
        top.checkKeys(Section.TOP);
        Node preset = top.get(PRESET);
        if (preset != null && !(preset.isNull() || "".equals(preset.value()))) {
            top.error(PRESET, "presets are not supported yet; write the schedulers, models, reader and writer"
                    + " sections explicitly");
        }
        if (top.contains(SERVER)) {
            top.error(SERVER, "the 'server' section (REST API and UI) is not supported yet; use monitoring.pull"
                    + " for /metrics and /health");
        }
        legacy(top, LEGACY_MODEL, MODELS_SECTION, "default_model");
        legacy(top, LEGACY_SCHEDULER, SCHEDULERS, "default_scheduler");

        Settings settings = SettingsSection.validate(diag, top.get(SETTINGS_SECTION));
        Node readerNode = required(top, READER_SECTION);
        ReaderSection.Result reader = readerNode == null ? null : ReaderSection.validate(diag, readerNode);
        Node writerNode = required(top, WRITER_SECTION);
        WriterConfig writer = writerNode == null ? null : WriterSection.validate(diag, writerNode);
        Node sNode = required(top, SCHEDULERS);
        Map<String, SchedulerConfig> schedulers = sNode == null ? Map.of() : SchedulersSection.validate(diag, sNode);
        Node mNode = required(top, MODELS_SECTION);
        Set<String> schedulerAliases = sNode != null && sNode.isMap() ? sNode.map().keySet() : Set.of();
        Map<String, ModelConfig> models = mNode == null ? Map.of()
                : new ModelsSection(diag, registry, reader, schedulerAliases, settings).validate(mNode);
        MonitoringConfig monitoring = MonitoringSection.validate(diag, top.get(MONITORING_SECTION));
        if (!diag.errors().isEmpty()) {
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
        Map<String, SchedulerConfig> liveSchedulers = new LinkedHashMap<>();
        schedulers.forEach((a, s) -> {
            if (usedSchedulers.contains(a)) {
                liveSchedulers.put(a, s);
            } else {
                diag.warn("scheduler '" + a + "' is attached to no model; it will not run");
            }
        });
        Map<String, QueryConfig> liveQueries = new LinkedHashMap<>();
        reader.config().queries().forEach((a, q) -> {
            if (usedQueries.contains(a)) {
                liveQueries.put(a, q);
            } else {
                diag.warn("query '" + a + "' is used by no model; it will not be read");
            }
        });
        return new RunnerConfig(liveSchedulers, models, reader.config().withQueries(liveQueries), writer, monitoring,
                settings, List.copyOf(diag.warnings()));
    }

    /** Reads the legacy single {@code model}/{@code scheduler} as {@code models.<alias>}/{@code schedulers.<alias>}. */
    private void legacy(Fields top, ConfigKey single, ConfigKey plural, String alias) {
        Node n = top.map().remove(single.name());
        if (n == null) {
            return;
        }
        if (top.contains(plural)) {
            diag.warn("both '" + single.name() + "' and '" + plural.name() + "' are set; the legacy '" + single.name()
                    + "' is ignored");
            return;
        }
        diag.warn("'" + single.name() + "' is deprecated; it is read as " + plural.name() + "." + alias);
        Map<String, Node> m = new LinkedHashMap<>();
        m.put(alias, n);
        top.map().put(plural.name(), new Node(m, n.file(), n.line()));
    }

    /** A required top-level section, or {@code null} after an error when it is missing. */
    private Node required(Fields top, ConfigKey key) {
        Node n = top.get(key);
        if (n == null || n.isNull()) {
            diag.error(key.name(), top.node(), "section '" + key.name() + "' is required");
            return null;
        }
        return n;
    }
}

package dev.vigil.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully validated runner configuration: only attached schedulers, models and queries remain.
 * {@link RunnerConfigs#toYaml} renders it with every default filled in. Immutable and thread-safe.
 *
 * @param reader the reader; {@code null} only in UI-only mode ({@link #uiOnly()})
 * @param writer the writer; {@code null} only in UI-only mode
 * @param warnings non-fatal findings (legacy forms, orphans dropped) to log at start
 * @param server the {@code server} section (REST API), or {@code null} when absent
 * @param preset the canonical name of the preset merged under the user's file ({@code default},
 *     {@code node-exporter}, {@code ui}), or empty when the file names none; the {@code preset} label of
 *     the runner's metrics
 */
public record RunnerConfig(Map<String, SchedulerConfig> schedulers, Map<String, ModelConfig> models,
                           ReaderConfig reader, WriterConfig writer, MonitoringConfig monitoring, Settings settings,
                           List<String> warnings, ServerConfig server, String preset) {

    /** Copies the maps (keeping their order) and the warnings. */
    public RunnerConfig {
        schedulers = Collections.unmodifiableMap(new LinkedHashMap<>(schedulers));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        warnings = List.copyOf(warnings);
        preset = preset == null ? "" : preset;
    }

    /** A configuration without a {@code server} section and without a preset. */
    public RunnerConfig(Map<String, SchedulerConfig> schedulers, Map<String, ModelConfig> models,
                        ReaderConfig reader, WriterConfig writer, MonitoringConfig monitoring, Settings settings,
                        List<String> warnings) {
        this(schedulers, models, reader, writer, monitoring, settings, warnings, null, "");
    }

    /**
     * Whether this is {@code preset: ui} without production jobs: no scheduler, no model, and so nothing
     * to read or write; the runner only serves its monitoring endpoints.
     */
    public boolean uiOnly() {
        return models.isEmpty();
    }

    /** The same configuration with {@code reader} replaced. */
    public RunnerConfig withReader(ReaderConfig r) {
        return new RunnerConfig(schedulers, models, r, writer, monitoring, settings, warnings, server, preset);
    }

}

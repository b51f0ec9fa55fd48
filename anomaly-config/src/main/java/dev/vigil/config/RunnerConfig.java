package dev.vigil.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully validated runner configuration: only attached schedulers, models and queries remain.
 * {@link RunnerConfigs#toYaml} renders it with every default filled in. Immutable and thread-safe.
 *
 * @param warnings non-fatal findings (legacy forms, orphans dropped) to log at start
 * @param server the {@code server} section (REST API), or {@code null} when absent
 */
public record RunnerConfig(Map<String, SchedulerConfig> schedulers, Map<String, ModelConfig> models,
                           ReaderConfig reader, WriterConfig writer, MonitoringConfig monitoring, Settings settings,
                           List<String> warnings, ServerConfig server) {

    /** Copies the maps (keeping their order) and the warnings. */
    public RunnerConfig {
        schedulers = Collections.unmodifiableMap(new LinkedHashMap<>(schedulers));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        warnings = List.copyOf(warnings);
    }

    /** A configuration without a {@code server} section. */
    public RunnerConfig(Map<String, SchedulerConfig> schedulers, Map<String, ModelConfig> models, ReaderConfig reader,
                        WriterConfig writer, MonitoringConfig monitoring, Settings settings, List<String> warnings) {
        this(schedulers, models, reader, writer, monitoring, settings, warnings, null);
    }
}

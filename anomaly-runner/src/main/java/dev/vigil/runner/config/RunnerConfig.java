package dev.vigil.runner.config;

import java.util.List;
import java.util.Map;

/**
 * A fully validated runner configuration: only attached schedulers, models and queries remain.
 * Immutable.
 *
 * @param warnings non-fatal findings (legacy forms, orphans dropped) to log at start
 * @param resolved the resolved configuration as plain maps, for {@code --dryRun} and {@code --outputSpec}
 */
public record RunnerConfig(Map<String, SchedulerConfig> schedulers, Map<String, ModelConfig> models,
                           ReaderConfig reader, WriterConfig writer, MonitoringConfig monitoring, Settings settings,
                           List<String> warnings, Map<String, Object> resolved) {
}

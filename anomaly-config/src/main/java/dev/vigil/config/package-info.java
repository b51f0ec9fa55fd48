/**
 * The runner's configuration: vmanomaly-compatible YAML (sections {@code schedulers}, {@code models},
 * {@code reader}, {@code writer}, {@code monitoring}, {@code settings}) loaded from files and
 * directories, merged, templated with {@code %{ENV}}, and validated into immutable records with every
 * error reported at once, each with its YAML path and line. Entry point: {@link
 * dev.vigil.config.RunnerConfigs}.
 *
 * <p>{@link dev.vigil.config.ConfigKeys} is the table of every accepted key (section, name, type,
 * default, support). {@code ConfigValidator} checks the top level and hands each section to its
 * validator ({@code SettingsSection}, {@code ReaderSection} with {@code QuerySection},
 * {@code WriterSection}, {@code SchedulersSection}, {@code ModelsSection}, {@code MonitoringSection}),
 * which read values through {@code Fields} by key name: a {@code Fields} belongs to one section of the
 * table, takes each key's type and default from its row, and fails at once on a name the section does
 * not list. {@code Resolved} prints the result with the names checked the same way.
 * The reader and writer records carry the VictoriaMetrics client's own settings records
 * ({@link dev.vigil.vm.ReaderConfig}, {@link dev.vigil.vm.QueryConfig}, {@link dev.vigil.vm.WriterConfig}),
 * built once here so that a client-side mistake is reported with its YAML line too.
 */
package dev.vigil.config;

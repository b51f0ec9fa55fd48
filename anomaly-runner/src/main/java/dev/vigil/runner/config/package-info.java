/**
 * The runner's configuration: vmanomaly-compatible YAML (sections {@code schedulers}, {@code models},
 * {@code reader}, {@code writer}, {@code monitoring}, {@code settings}) loaded from files and
 * directories, merged, templated with {@code %{ENV}}, and validated into immutable records with every
 * error reported at once, each with its YAML path and line. Entry point: {@link
 * dev.vigil.runner.config.RunnerConfigs}.
 */
package dev.vigil.runner.config;

/**
 * Benchmark of the runner: {@link dev.vigil.benchmarks.runner.RunnerCycle} times one service cycle over
 * many series against a real VictoriaMetrics beside the VictoriaMetrics client doing the same reads and
 * writes alone. It lives in its own module (benchmarks-runner) because it depends on anomaly-runner, which
 * the library benchmarks must not. Driven by {@code benchmarks/scripts/runner/cycle.sh}; figures in
 * {@code docs/benchmarks.md}.
 */
package dev.vigil.benchmarks.runner;

/**
 * Benchmarks of the model zoo through its public registry: fit and infer of every model
 * ({@link dev.vigil.benchmarks.models.ModelFitInferBenchmark}), the online models' {@code update} and
 * {@code inferAndUpdate} ({@link dev.vigil.benchmarks.models.OnlineUpdateBenchmark}), and
 * {@link dev.vigil.benchmarks.models.CpuThroughput}, the same work timed in thread CPU time for loaded
 * machines. Figures in {@code docs/benchmarks.md}.
 */
package dev.vigil.benchmarks.models;

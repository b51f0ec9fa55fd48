/**
 * Orchestration of the runner's service mode.
 *
 * <ul>
 *   <li>{@link dev.vigil.runner.service.ServiceRunner} wires a validated configuration into a running
 *       service: reader, writer, {@code /metrics}, metrics push.
 *   <li>{@link dev.vigil.runner.service.AnomalyService} runs the schedulers' jobs: each job reads every
 *       (scheduler, query) pair once, runs the attached models, writes the outputs.
 *   <li>{@code StreamedQuery} runs the univariate models of one query of a job, on batches of series
 *       as the reader parses them or on a whole read, with the bookkeeping around each model's stage;
 *       {@code ModelStage} runs one model on series, in tasks on the {@code Workers};
 *       {@code SeriesProtocol} is what a job does to one series' model (fit, infer, online update, via
 *       anomaly-models' {@link dev.vigil.models.Stepper}); {@code SeriesStates} holds the per-series
 *       state; {@code Outputs} assembles the written series; {@code Plan} is the configuration's
 *       wiring worked out once; {@code BacktestWindows} runs backtesting windows in parallel.
 * </ul>
 *
 * <p>The command line lives in {@code dev.vigil.runner.cli} ({@code vigil CONFIG...},
 * {@code vigil run}). This package depends on the runner's config, io, scheduler and monitoring
 * packages; none of them depends on it.
 */
package dev.vigil.runner.service;

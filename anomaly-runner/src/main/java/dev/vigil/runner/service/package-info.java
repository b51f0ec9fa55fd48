/**
 * Orchestration: {@link dev.vigil.runner.service.AnomalyService} runs the schedulers' jobs (read each
 * (scheduler, query) once per job, fit and infer one model instance per series, write the outputs),
 * and {@link dev.vigil.runner.service.ServiceRunner} wires a validated configuration into a running
 * service (reader, writer, {@code /metrics}, metrics push). The command line lives in
 * {@code dev.vigil.runner.cli} ({@code vigil CONFIG...}, {@code vigil run}).
 */
package dev.vigil.runner.service;

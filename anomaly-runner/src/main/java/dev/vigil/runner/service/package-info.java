/**
 * Orchestration: {@link dev.vigil.runner.service.AnomalyService} runs the schedulers' jobs (read each
 * (scheduler, query) once per job, fit and infer one model instance per series, write the outputs),
 * and {@link dev.vigil.runner.service.RunCommand} is the service-mode command line.
 */
package dev.vigil.runner.service;

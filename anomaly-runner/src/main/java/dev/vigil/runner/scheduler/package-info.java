/**
 * Schedulers (vmanomaly docs (v1.30), schedulers): {@code periodic}, {@code oneoff} and {@code backtesting} turned into plans of
 * {@link dev.vigil.runner.scheduler.Job}s, and the {@link dev.vigil.runner.scheduler.Ticker} that gives
 * the time and waits, so tests drive days of schedule in milliseconds with a
 * {@link dev.vigil.runner.scheduler.ManualTicker}.
 */
package dev.vigil.runner.scheduler;

package dev.vigil.runner.service;

import dev.vigil.models.FittedModel;

/**
 * The state of one series of one (scheduler, model, query): its current model ({@code null} until a
 * fit, or the warm start of an online model; also {@code null} between jobs in on-disk mode, where
 * {@link #dumped} says the model waits in the dumps), the newest timestamp it has inferred (epoch ms)
 * and when a job last had the series in its data ({@code settings.retention}; service clock, epoch ms).
 *
 * <p>Thread-safety: the fields are volatile, so any thread reads the latest model and timestamp (a
 * fit replaces the model in one write); the fit/infer protocol itself runs while holding this
 * object's monitor ({@link SeriesProtocol}), so one series is stepped by one thread at a time.
 */
final class SeriesState {

    volatile FittedModel model;
    volatile long lastSeen = Long.MIN_VALUE;
    /** When a job last had this series in its data (epoch ms); {@link Long#MIN_VALUE}: not stamped yet. */
    volatile long lastUsed = Long.MIN_VALUE;
    /** On-disk mode: the model is in the combination's dump file, not in {@link #model}. */
    volatile boolean dumped;
}

package dev.vigil.runner.service;

import dev.vigil.models.FittedModel;

/**
 * The state of one series of one (scheduler, model, query): its current model ({@code null} until a
 * fit, or the warm start of an online model) and the newest timestamp it has inferred (epoch ms).
 *
 * <p>Thread-safety: the fields are volatile, so any thread reads the latest model and timestamp (a
 * fit replaces the model in one write); the fit/infer protocol itself runs while holding this
 * object's monitor ({@link SeriesProtocol}), so one series is stepped by one thread at a time.
 */
final class SeriesState {

    volatile FittedModel model;
    volatile long lastSeen = Long.MIN_VALUE;
}

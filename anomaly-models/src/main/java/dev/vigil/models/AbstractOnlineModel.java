package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.score.ScorePipeline;
import dev.vigil.core.series.Series;

/**
 * The skeleton of an {@link OnlineModel} that learns point by point: a subclass says how one point
 * is predicted from the current state ({@link #predict}) and how one point is folded into it
 * ({@link #learn}); this class runs the prequential loop of {@link #inferAndUpdate} (predict, then
 * learn, point after point), the read-only {@link #infer}, the {@code min_n_samples_seen} warm-up,
 * the score pipeline and {@link #update}.
 *
 * <p>Warm-up: a point predicted while {@link #samplesSeen()} is at most {@code minNSamplesSeen}
 * scores 0 (a {@code NaN} score stays {@code NaN}). {@code samplesSeen()} must never decrease, so
 * the warm points of a batch are a prefix of it. With {@link #NO_WARM_UP} every point is scored.
 *
 * <p>Thread-safety: single writer, as {@link OnlineModel} says; {@link #infer} only reads the state
 * (when {@link #predict} does), so it may run concurrently with other {@code infer} calls but not
 * with {@link #inferAndUpdate} or {@link #update}. The loop itself allocates only the prediction.
 *
 * @param <S> the spec type, returned by {@link #spec()}
 */
public abstract class AbstractOnlineModel<S extends ModelSpec> extends AbstractFittedModel<S> implements OnlineModel {

    /** The {@code minNSamplesSeen} of a model without warm-up. */
    public static final int NO_WARM_UP = -1;

    private final int minNSamplesSeen;

    /**
     * @param spec            the spec this model was fitted from
     * @param pipeline        the score pipeline of {@code spec}'s business arguments
     * @param minNSamplesSeen score 0 while at most this many points were seen; {@link #NO_WARM_UP} for none
     */
    protected AbstractOnlineModel(S spec, ScorePipeline pipeline, int minNSamplesSeen) {
        super(spec, pipeline);
        if (minNSamplesSeen < NO_WARM_UP) {
            throw new IllegalArgumentException("minNSamplesSeen must be >= -1, got " + minNSamplesSeen);
        }
        this.minNSamplesSeen = minNSamplesSeen;
    }

    /** For {@link #copy()}: the same spec, pipeline and warm-up as {@code other}. */
    protected AbstractOnlineModel(AbstractOnlineModel<S> other) {
        this(other.spec(), other.pipeline(), other.minNSamplesSeen);
    }

    /**
     * Folds point {@code y} at time {@code t} into the state; a {@code NaN} or infinite {@code y}
     * must be ignored (and not counted by {@link #samplesSeen()}). Should not allocate.
     */
    protected abstract void learn(long t, double y);

    /** Scores {@code data} against the current state; the state is not changed. */
    @Override
    public final Prediction infer(Series data) {
        return run(data, false);
    }

    @Override
    public final Prediction inferAndUpdate(Series batch) {
        return run(batch, true);
    }

    @Override
    public void update(Series batch) {
        for (int i = 0; i < batch.size(); i++) {
            learn(batch.timestamp(i), batch.value(i));
        }
        afterLearning();
    }

    /**
     * Called after each batch of points was learned ({@link #inferAndUpdate}, {@link #update}): a
     * model whose state has a compact form for the time between batches (the t-digests of
     * {@code quantile_online} and {@code mad_online}) takes it here, so that the many models a service
     * holds, one per series, stay small between jobs. Changes later results at most within the accuracy
     * of the model's sketches (documented by the model). Nothing by default.
     */
    protected void afterLearning() {
    }

    /** Predicts each point, learning it right after when {@code learn}; then scores the batch. O(n) plus the hooks. */
    private Prediction run(Series data, boolean learn) {
        Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
        double[][] extras = extras(b);
        int warm = 0;
        for (int i = 0; i < data.size(); i++) {
            long t = data.timestamp(i);
            double y = data.value(i);
            predict(b, i, t, y, extras);
            if (minNSamplesSeen >= 0 && samplesSeen() <= minNSamplesSeen) {
                warm = i + 1;
            }
            if (learn) {
                learn(t, y);
            }
        }
        if (learn) {
            afterLearning();
        }
        pipeline().apply(b);
        double[] score = b.anomalyScore();
        for (int i = 0; i < warm; i++) {
            if (!Double.isNaN(score[i])) {
                score[i] = 0.0;
            }
        }
        return b.build();
    }
}

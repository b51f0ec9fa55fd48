package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.score.ScorePipeline;
import dev.vigil.core.series.Series;
import java.util.List;
import java.util.Objects;

/**
 * The skeleton of a fitted model that predicts each point on its own: {@link #infer} asks
 * {@link #predict} for every point's {@code yhat} and band (and extra columns), then runs the score
 * pipeline over the whole batch. A subclass only says how one point is predicted.
 *
 * <p>Thread-safety: {@link #infer} has no side effect as long as {@link #predict} only reads the
 * state; a subclass whose state is immutable is then immutable and thread-safe (the built-in
 * offline models are).
 *
 * @param <S> the spec type, returned by {@link #spec()}
 */
public abstract class AbstractFittedModel<S extends ModelSpec> implements FittedModel {

    private static final double[][] NO_EXTRAS = new double[0][];

    private final S spec;
    private final ScorePipeline pipeline;

    /**
     * @param spec     the spec this model was fitted from
     * @param pipeline the score pipeline of {@code spec}'s business arguments
     */
    protected AbstractFittedModel(S spec, ScorePipeline pipeline) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public final S spec() {
        return spec;
    }

    /** The score pipeline applied to every prediction. */
    protected final ScorePipeline pipeline() {
        return pipeline;
    }

    /**
     * The extra output columns {@link #predict} fills, in the order they appear in the prediction;
     * each batch creates them (filled with {@code NaN}) before its first point. Default: none.
     */
    protected List<String> extraColumns() {
        return List.of();
    }

    /**
     * Predicts point {@code i} of a batch, value {@code y} (possibly {@code NaN}) at time {@code t}:
     * writes {@code out.set(i, y, yhat, yhatLower, yhatUpper)} (the raw band: the pipeline scales and
     * clips it afterwards) and {@code extras[j][i]} for the j-th of {@link #extraColumns()}. Must only
     * read the state, and must not allocate (it runs once per point).
     */
    protected abstract void predict(Prediction.Builder out, int i, long t, double y, double[][] extras);

    /** Predicts every point with {@link #predict}, then scores the batch with the pipeline. O(n). */
    @Override
    public Prediction infer(Series data) {
        Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
        double[][] extras = extras(b);
        for (int i = 0; i < data.size(); i++) {
            predict(b, i, data.timestamp(i), data.value(i), extras);
        }
        pipeline.apply(b);
        return b.build();
    }

    /** Creates the extra columns of a new batch, in order. */
    final double[][] extras(Prediction.Builder b) {
        List<String> names = extraColumns();
        if (names.isEmpty()) {
            return NO_EXTRAS;
        }
        double[][] out = new double[names.size()][];
        for (int j = 0; j < out.length; j++) {
            out[j] = b.extra(names.get(j));
        }
        return out;
    }
}

package dev.vigil.models;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.core.series.Series;
import java.util.List;
import java.util.Map;

/**
 * A validated model configuration: the alias it was created under, its resolved arguments
 * (defaults filled in) and the score pipeline's business arguments. Immutable and thread-safe;
 * one spec may fit any number of series, concurrently.
 */
public interface ModelSpec {

    /** The registry alias of the model, e.g. {@code zscore_online}. */
    String alias();

    /** Every model argument with its resolved value (defaults included), for display and {@code --dryRun}. */
    Map<String, Object> resolvedArgs();

    /** The business arguments applied to every prediction (scale, data range, direction, minimum deviations). */
    ScoreSpec scoreSpec();

    /** Whether fitted models of this spec are {@link OnlineModel}s that update on every inference. */
    boolean isOnline();

    /**
     * The output columns this model can produce besides {@code anomaly_score} and {@code y}
     * (usually {@code yhat}, {@code yhat_lower}, {@code yhat_upper} and model extras).
     */
    List<String> availableOutputs();

    /**
     * The output series to write ({@code provide_series}), always starting with {@code anomaly_score}.
     * The built-in models read it from their arguments (default: {@code anomaly_score} and the band
     * they produce); this default writes the score only.
     */
    default List<String> provideSeries() {
        return List.of(Columns.ANOMALY_SCORE);
    }

    /**
     * Fits a model on a training series. Points with a {@code NaN} or infinite value are ignored.
     *
     * @throws InsufficientDataException when the series holds too few valid points to fit
     */
    FittedModel fit(Series train);
}

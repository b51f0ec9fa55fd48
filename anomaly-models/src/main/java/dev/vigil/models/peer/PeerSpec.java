package dev.vigil.models.peer;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.List;

/**
 * The spec of {@code peer_outlier} as the registry builds it: the model's own arguments (see
 * {@link PeerOutlierModel#create}) plus the common business arguments and {@code provide_series}
 * (default {@code anomaly_score, yhat, yhat_lower, yhat_upper}). A peer model is not fitted on one
 * series: {@link #newGroup()} gives the model of one peer group, which the caller feeds one timestamp
 * of all peers at a time; its raw band is scored by the {@linkplain #pipeline() score pipeline}, so
 * {@code scale}, {@code detection_direction}, {@code data_range} and the minimum deviations apply as
 * for every model.
 *
 * <p>Immutable and thread-safe; the groups it makes are not.
 */
public final class PeerSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = List.of(Columns.YHAT, Columns.YHAT_LOWER, Columns.YHAT_UPPER);

    private final int minPeerCount;
    private final double epsilon;
    private final double tolerance;
    private final double decay;
    private final List<String> groupby;

    PeerSpec(ModelArgs a) {
        super(a, OUTPUTS);
        this.groupby = a.strings("groupby", List.of());
        this.minPeerCount = a.integerAtLeast("min_peer_count", PeerOutlierModel.DEFAULT_MIN_PEER_COUNT, 3);
        this.epsilon = a.inRange("epsilon_quantile", PeerOutlierModel.DEFAULT_EPSILON_QUANTILE, 0.0, true, 1.0,
                true);
        this.tolerance = a.positive("tolerance", PeerOutlierModel.DEFAULT_TOLERANCE);
        this.decay = a.inRange("decay", 1.0, 0.0, true, 1.0, false);
        java.util.Map<String, Object> inner = a.map("args");
        if (!inner.isEmpty()) {
            throw a.error("args", "must be empty for peer_outlier (it wraps no inner library), got " + inner);
        }
    }

    /** A fresh model for one peer group, learning from its first timestamp. */
    public PeerOutlierModel newGroup() {
        return new PeerOutlierModel(this, minPeerCount, epsilon, tolerance, decay, groupby);
    }

    /** The {@code groupby} label names given to the model itself (the runner reads the model's {@code groupby}). */
    public List<String> groupby() {
        return groupby;
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    /**
     * Refused: a peer model scores a group of series at each timestamp, never one series alone.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public FittedModel fit(Series train) {
        throw new UnsupportedOperationException("model '" + alias() + "' scores a group of peer series at each"
                + " timestamp, not one series: use newGroup()");
    }
}

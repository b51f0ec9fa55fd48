package dev.vigil.models.envelope;

import dev.vigil.core.series.Series;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.OnlineMultivariateModel;

/**
 * Spec of {@code temporal_envelope_multivariate}: the arguments of {@code temporal_envelope}, which
 * every channel's envelope uses, and the cross-channel ones ({@link MultivariateEnvelopeModels#create}
 * lists them). Immutable and thread-safe. {@link #fit} learns the rows one by one as later
 * inferences do; a single series is a model of one channel, scored exactly as by {@code temporal_envelope}.
 */
final class MultivariateEnvelopeSpec extends EnvelopeSpec implements MultivariateSpec {

    private static final System.Logger LOG = System.getLogger(MultivariateEnvelopeSpec.class.getName());

    /** The joint score's aggregation of the component scores ({@link JointScore}). */
    enum Aggregation {
        L2, MAX, MEAN
    }

    final int dependencyRank;
    final Aggregation aggregation;
    final int maxChannels;
    final int recommendedMaxChannels;
    final long randomState;

    MultivariateEnvelopeSpec(ModelArgs args) {
        super(args);
        this.dependencyRank = args.integerAtLeast("dependency_rank", MultivariateEnvelopeModels.DEFAULT_DEPENDENCY_RANK, 0);
        String agg = args.choice("score_aggregation", "l2", "l2", "max", "mean");
        this.aggregation = Aggregation.valueOf(agg.trim().toUpperCase(java.util.Locale.ROOT));
        this.maxChannels = args.integerAtLeast("max_channels", MultivariateEnvelopeModels.DEFAULT_MAX_CHANNELS, 1);
        this.recommendedMaxChannels = args.integerAtLeast("recommended_max_channels",
                MultivariateEnvelopeModels.DEFAULT_RECOMMENDED_MAX_CHANNELS, 1);
        this.randomState = args.integer("random_state", MultivariateEnvelopeModels.DEFAULT_RANDOM_STATE);
    }

    /** The rank of the cross-channel basis for {@code channels} channels: a full rank would explain every row. */
    int effectiveRank(int channels) {
        return Math.min(dependencyRank, channels - 1);
    }

    /**
     * Checks a channel count against {@code max_channels} and returns the warning for one above
     * {@code recommended_max_channels}, or {@code null}.
     *
     * @throws IllegalArgumentException above {@code max_channels}
     */
    String checkChannels(int channels) {
        if (channels > maxChannels) {
            throw new IllegalArgumentException("model '" + alias() + "' got " + channels + " channels, more than its"
                    + " max_channels " + maxChannels + "; split the series into smaller groups or raise max_channels");
        }
        if (channels > recommendedMaxChannels) {
            return "model '" + alias() + "' got " + channels + " channels, more than recommended_max_channels "
                    + recommendedMaxChannels + ": the joint score of so many channels reacts less to one channel's"
                    + " anomaly and each row costs O(channels x dependency_rank); consider smaller groups";
        }
        return null;
    }

    @Override
    public OnlineMultivariateModel fit(Series train) {
        MultivariateEnvelopeModel m = new MultivariateEnvelopeModel(this, 1);
        m.update(train);
        return m;
    }

    @Override
    public OnlineMultivariateModel fit(long[] timestamps, double[][] rows) {
        if (rows.length == 0 || timestamps.length == 0) {
            throw new InsufficientDataException("model '" + alias() + "' needs at least one row to know its channels,"
                    + " got none");
        }
        int channels = rows[0].length;
        if (channels < 1) {
            throw new IllegalArgumentException("model '" + alias() + "': row 0 has no channel");
        }
        String warning = checkChannels(channels);
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
        MultivariateEnvelopeModel m = new MultivariateEnvelopeModel(this, channels);
        m.update(timestamps, rows);
        return m;
    }
}

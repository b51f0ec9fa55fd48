package dev.vigil.models.mad;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.AbstractFittedModel;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.List;

/**
 * Spec of the offline MAD ({@code model.mad.MADModel}) and {@code mad_online}. Immutable and thread-safe.
 *
 * <p>Offline MAD: yhat = median of the finite fit values; bounds = {@code yhat ± threshold · s} with
 * {@code s = max(σ̂, 1e-6 · max(1, |median|))}, where
 * {@code σ̂ = max(1.4826 · MAD, 1.2533 · mean|x - median|, q_0.995(|x - median|) / 2.807)} (all three estimate the
 * standard deviation of normal data; the second keeps the band from collapsing on step-like and mostly-repeated
 * series, {@link MadModels#MEAN_AD_TO_SIGMA}, the third keeps routine heavy-tailed deviations inside it,
 * {@link RobustStats#TAIL_QUANTILE}). The last term only acts on
 * constant data (vmanomaly v1.29.6: a small deterministic interval for constant series). Fit O(n) expected
 * (quickselect), infer O(1) per point.
 *
 * <p>{@code mad_online}: two t-digests ({@link StreamingQuantiles}, same compression and decay): one
 * of the values, one of the absolute deviations {@code |x - m|} from the median estimate m current
 * when x arrived (the fit window uses its final median). The mean absolute deviation that floors the
 * MAD is the (decayed) mean of the same deviations, kept exactly beside the digests; the tail floor is the
 * deviations digest's 99.5th percentile. Scored point by point before the update;
 * the median and MAD estimates are refreshed after every {@code min(256, 1 + w/32)} updates, w being
 * the effective (decayed) number of points at the last refresh ({@link StreamingQuantiles#weight()};
 * w = n without decay), so a point is scored against a state that lacks at most 1/32 of its weight
 * (and at most 255 points); the cadence depends only on the point sequence, so scores do not depend
 * on batch boundaries. Update O(log δ), refresh O(δ):
 * amortised O(log δ) per point, no allocation except t-digest's centroid creation.
 */
final class MadSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;
    private static final int MAX_REFRESH = 256;
    private static final int STALENESS = 32;

    private final boolean online;
    private final double threshold;
    private final double compression;
    private final OnlineArgs onlineArgs;

    MadSpec(ModelArgs args, boolean online) {
        super(args, OUTPUTS);
        this.online = online;
        this.threshold = args.positive("threshold", MadModels.DEFAULT_THRESHOLD);
        if (online) {
            this.compression = args.inRange("compression", StreamingQuantiles.DEFAULT_COMPRESSION, 10, false, 10_000,
                    false);
            this.onlineArgs = OnlineArgs.read(args);
        } else {
            this.compression = Double.NaN;
            this.onlineArgs = null;
        }
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    /**
     * The half-band: threshold times the scale, the largest of the MAD's, the mean absolute deviation's and
     * the tail's estimates. A NaN tail (a state saved before the tail floor) is left out.
     */
    double halfWidth(double median, double mad, double meanAd, double tailAd) {
        // Three estimates of the same sigma (they agree on normal data); the mean absolute deviation is a
        // floor because it does not collapse when most values sit on one level (MadModels.MEAN_AD_TO_SIGMA),
        // the 99.5th percentile one because the MAD ignores routine heavy tails (RobustStats.TAIL_QUANTILE).
        // The mean's sum and a deviation overflow on values near the double maximum: then they are ignored,
        // not infinite.
        double fromMean = MadModels.MEAN_AD_TO_SIGMA * meanAd;
        double fromTail = RobustStats.TAIL_TO_SIGMA * tailAd;
        double sigma = Math.max(MadModels.MAD_TO_SIGMA * mad, Double.isInfinite(fromMean) ? 0.0 : fromMean);
        if (fromTail > sigma && !Double.isInfinite(fromTail)) {
            sigma = fromTail;
        }
        // max() with NaN gives NaN, so a missing estimate (no point yet) stays NaN.
        return threshold * Math.max(sigma, MadModels.MIN_RELATIVE_SPREAD * Math.max(1.0, Math.abs(median)));
    }

    @Override
    public FittedModel fit(Series train) {
        double[] v = finite(train);
        if (!online) {
            if (v.length == 0) {
                throw new InsufficientDataException("model '" + alias() + "' needs at least 1 finite point to fit,"
                        + " got 0 of "
                        + train.size());
            }
            double med = RobustStats.quantileInPlace(v.clone(), v.length, 0.5);
            double meanAd = RobustStats.meanAbsoluteDeviation(v, med);
            double mad = RobustStats.madInPlace(v, v.length);
            // madInPlace left the absolute deviations from the median in v.
            double tailAd = RobustStats.quantileInPlace(v, v.length, RobustStats.TAIL_QUANTILE);
            return new Offline(this, med, mad, meanAd, tailAd);
        }
        StreamingQuantiles values = new StreamingQuantiles(compression, onlineArgs.decay());
        StreamingQuantiles devs = new StreamingQuantiles(compression, onlineArgs.decay());
        for (double x : v) {
            values.add(x);
        }
        double med = values.quantile(0.5);
        Online m = new Online(this, values, devs);
        for (double x : v) {
            m.addDeviation(Math.abs(x - med));
        }
        if (onlineArgs.historyStrength() != 1.0) {
            values.scaleWeight(onlineArgs.historyStrength());
            devs.scaleWeight(onlineArgs.historyStrength());
            m.devSum *= onlineArgs.historyStrength();
            m.devWeight *= onlineArgs.historyStrength();
        }
        m.refresh();
        m.afterLearning();
        return m;
    }

    private static double[] finite(Series s) {
        double[] out = new double[s.finiteCount()];
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            double x = s.value(i);
            if (Double.isFinite(x)) {
                out[n++] = x;
            }
        }
        return out;
    }

    /** Offline MAD: fixed median and MAD of the fit window. Immutable, thread-safe. */
    static final class Offline extends AbstractFittedModel<MadSpec> {
        private final double median;
        private final double mad;
        private final double meanAd;
        private final double tailAd;
        private final double half;

        Offline(MadSpec spec, double median, double mad, double meanAd, double tailAd) {
            super(spec, spec.pipeline());
            this.median = median;
            this.mad = mad;
            this.meanAd = meanAd;
            this.tailAd = tailAd;
            this.half = spec.halfWidth(median, mad, meanAd, tailAd);
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            out.set(i, y, median, median - half, median + half);
        }

        @Override
        public String describe() {
            return "mad(median=" + median + ", mad=" + mad + ", meanAd=" + meanAd + ", tailAd=" + tailAd
                    + ", threshold=" + spec().threshold + ")";
        }

        MadState.Offline state() {
            return new MadState.Offline(median, mad, meanAd, tailAd);
        }
    }

    /** Online MAD over two t-digests. Single writer. */
    static final class Online extends AbstractOnlineModel<MadSpec> {
        private final StreamingQuantiles values;
        private final StreamingQuantiles devs;
        private double median = Double.NaN;
        private double mad = Double.NaN;
        private double meanAd = Double.NaN;
        private double tailAd = Double.NaN;
        /** Decayed sum and weight of the deviations (the exact mean absolute deviation beside the digest). */
        private double devSum;
        private double devWeight;
        private int sinceRefresh;
        private int refreshEvery = 1;

        Online(MadSpec spec, StreamingQuantiles values, StreamingQuantiles devs) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.values = values;
            this.devs = devs;
        }

        /** A model in exactly the given state. */
        Online(MadSpec spec, MadState.Online s) {
            this(spec, StreamingQuantiles.restore(s.values()), StreamingQuantiles.restore(s.devs()));
            this.median = s.median();
            this.mad = s.mad();
            this.meanAd = s.meanAd();
            this.tailAd = s.tailAd();
            this.devSum = s.devSum();
            this.devWeight = s.devWeight();
            this.sinceRefresh = s.sinceRefresh();
            this.refreshEvery = s.refreshEvery();
        }

        private Online(Online o) {
            super(o);
            this.values = o.values.copy();
            this.devs = o.devs.copy();
            this.median = o.median;
            this.mad = o.mad;
            this.meanAd = o.meanAd;
            this.tailAd = o.tailAd;
            this.devSum = o.devSum;
            this.devWeight = o.devWeight;
            this.sinceRefresh = o.sinceRefresh;
            this.refreshEvery = o.refreshEvery;
        }

        void refresh() {
            median = values.quantile(0.5);
            mad = devs.quantile(0.5);
            meanAd = devWeight > 0 ? devSum / devWeight : Double.NaN;
            tailAd = devs.quantile(RobustStats.TAIL_QUANTILE);
            sinceRefresh = 0;
            refreshEvery = (int) Math.min(MAX_REFRESH, 1 + values.weight() / STALENESS);
        }

        void add(double x) {
            if (!Double.isFinite(x)) {
                return;
            }
            // Deviation from the median current when x arrives (NaN before the first point: then 0).
            addDeviation(Double.isNaN(median) ? 0.0 : Math.abs(x - median));
            values.add(x);
            if (++sinceRefresh >= refreshEvery) {
                refresh();
            }
        }

        void addDeviation(double dev) {
            double d = spec().onlineArgs.decay();
            devs.add(dev);
            devSum = d * devSum + dev;
            devWeight = d * devWeight + 1;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            double half = spec().halfWidth(median, mad, meanAd, tailAd);
            out.set(i, y, median, median - half, median + half);
        }

        @Override
        protected void learn(long t, double y) {
            add(y);
        }

        /** Whether both digests are compact (for tests). */
        boolean digestsCompact() {
            return values.isCompact() && devs.isCompact();
        }

        /** Compacts both digests between batches: scoring reads the refreshed median and MAD fields. */
        @Override
        protected void afterLearning() {
            values.compact();
            devs.compact();
        }

        @Override
        public long samplesSeen() {
            return values.count();
        }

        @Override
        public OnlineModel copy() {
            return new Online(this);
        }

        @Override
        public String describe() {
            return "mad_online(median=" + median + ", mad=" + mad + ", meanAd=" + meanAd + ", tailAd=" + tailAd + ", n="
                    + values.count() + ")";
        }

        MadState.Online state() {
            return new MadState.Online(values.state(), devs.state(), median, mad, meanAd, tailAd, devSum, devWeight,
                    sinceRefresh, refreshEvery);
        }
    }
}

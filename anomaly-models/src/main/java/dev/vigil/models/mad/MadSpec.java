package dev.vigil.models.mad;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.BaseModelSpec;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import java.util.List;

/**
 * Spec of {@code mad} and {@code mad_online}. Immutable.
 *
 * <p>{@code mad}: yhat = median of the finite fit values; bounds = {@code yhat ± threshold · s} with
 * {@code s = max(1.4826 · MAD, 1e-6 · max(1, |median|))}. Fit O(n) expected (quickselect), infer O(1)
 * per point.
 *
 * <p>{@code mad_online}: two t-digests ({@link StreamingQuantiles}, same compression and decay): one
 * of the values, one of the absolute deviations {@code |x - m|} from the median estimate m current
 * when x arrived (the fit window uses its final median). Scored point by point before the update;
 * the median and MAD estimates are refreshed after every {@code min(256, 1 + w/32)} updates, w being
 * the effective (decayed) number of points at the last refresh ({@link StreamingQuantiles#weight()};
 * w = n without decay), so a point is scored against a state that lacks at most 1/32 of its weight
 * (and at most 255 points); the cadence depends only on the point sequence, so scores do not depend
 * on batch boundaries. Update O(log δ), refresh O(δ):
 * amortised O(log δ) per point, no allocation except t-digest's centroid creation.
 */
final class MadSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = List.of("yhat", "yhat_lower", "yhat_upper");
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

    double halfWidth(double median, double mad) {
        return threshold * Math.max(MadModels.MAD_TO_SIGMA * mad,
                MadModels.MIN_RELATIVE_SPREAD * Math.max(1.0, Math.abs(median)));
    }

    @Override
    public FittedModel fit(Series train) {
        double[] v = finite(train);
        if (!online) {
            if (v.length == 0) {
                throw new InsufficientDataException("model 'mad' needs at least 1 finite point to fit, got 0 of "
                        + train.size());
            }
            double med = RobustStats.quantileInPlace(v.clone(), v.length, 0.5);
            double mad = RobustStats.madInPlace(v, v.length);
            return new Offline(this, med, mad);
        }
        StreamingQuantiles values = new StreamingQuantiles(compression, onlineArgs.decay());
        StreamingQuantiles devs = new StreamingQuantiles(compression, onlineArgs.decay());
        for (double x : v) {
            values.add(x);
        }
        double med = values.quantile(0.5);
        for (double x : v) {
            devs.add(Math.abs(x - med));
        }
        if (onlineArgs.historyStrength() != 1.0) {
            values.scaleWeight(onlineArgs.historyStrength());
            devs.scaleWeight(onlineArgs.historyStrength());
        }
        Online m = new Online(this, values, devs);
        m.refresh();
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
    static final class Offline implements FittedModel {
        private final MadSpec spec;
        private final double median;
        private final double mad;
        private final double half;

        Offline(MadSpec spec, double median, double mad) {
            this.spec = spec;
            this.median = median;
            this.mad = mad;
            this.half = spec.halfWidth(median, mad);
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public Prediction infer(Series data) {
            Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
            for (int i = 0; i < data.size(); i++) {
                b.set(i, data.value(i), median, median - half, median + half);
            }
            spec.pipeline().apply(b);
            return b.build();
        }

        @Override
        public String describe() {
            return "mad(median=" + median + ", mad=" + mad + ", threshold=" + spec.threshold + ")";
        }
    }

    /** Online MAD over two t-digests. Single writer. */
    static final class Online implements OnlineModel {
        private final MadSpec spec;
        private final StreamingQuantiles values;
        private final StreamingQuantiles devs;
        private double median = Double.NaN;
        private double mad = Double.NaN;
        private int sinceRefresh;
        private int refreshEvery = 1;

        Online(MadSpec spec, StreamingQuantiles values, StreamingQuantiles devs) {
            this.spec = spec;
            this.values = values;
            this.devs = devs;
        }

        private Online(Online o) {
            this(o.spec, o.values.copy(), o.devs.copy());
            this.median = o.median;
            this.mad = o.mad;
            this.sinceRefresh = o.sinceRefresh;
            this.refreshEvery = o.refreshEvery;
        }

        void refresh() {
            median = values.quantile(0.5);
            mad = devs.quantile(0.5);
            sinceRefresh = 0;
            refreshEvery = (int) Math.min(MAX_REFRESH, 1 + values.weight() / STALENESS);
        }

        void add(double x) {
            if (!Double.isFinite(x)) {
                return;
            }
            // Deviation from the median current when x arrives (NaN before the first point: then 0).
            devs.add(Double.isNaN(median) ? 0.0 : Math.abs(x - median));
            values.add(x);
            if (++sinceRefresh >= refreshEvery) {
                refresh();
            }
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public Prediction infer(Series data) {
            // Without update, run reads the state only: no copy needed.
            return run(data, false);
        }

        @Override
        public Prediction inferAndUpdate(Series batch) {
            return run(batch, true);
        }

        private Prediction run(Series data, boolean update) {
            Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
            double[] score = b.anomalyScore();
            int warm = spec.onlineArgs.minNSamplesSeen();
            for (int i = 0; i < data.size(); i++) {
                double y = data.value(i);
                double half = spec.halfWidth(median, mad);
                b.set(i, y, median, median - half, median + half);
                score[i] = spec.pipeline().score(y, median, median - half, median + half);
                if (values.count() <= warm && !Double.isNaN(score[i])) {
                    score[i] = 0.0;
                }
                if (update) {
                    add(y);
                }
            }
            spec.pipeline().apply(b.y(), b.yhat(), b.yhatLower(), b.yhatUpper(), new double[b.size()], 0, b.size());
            return b.build();
        }

        @Override
        public void update(Series batch) {
            for (int i = 0; i < batch.size(); i++) {
                add(batch.value(i));
            }
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
            return "mad_online(median=" + median + ", mad=" + mad + ", n=" + values.count() + ")";
        }
    }
}

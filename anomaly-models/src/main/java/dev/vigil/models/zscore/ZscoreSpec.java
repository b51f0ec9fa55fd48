package dev.vigil.models.zscore;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.core.stats.RobustStats;
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
 * Spec of the offline z-score ({@code model.zscore.ZscoreModel}) and {@code zscore_online}. Immutable and thread-safe.
 *
 * <p>The band is {@code mean ± z_threshold · max(std, tail)}, with {@code tail = q_0.995(|x - mean|) / 2.807} of
 * the fit window ({@link RobustStats#tailSigmaInPlace}; the tail floor of {@link ZscoreModels}): the same σ as the
 * standard deviation on normal data, wider on heavy-tailed data. The online model's moments keep learning;
 * its tail is the last fit window's. Fit O(n) expected, infer O(1) per point.
 */
final class ZscoreSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;

    private final boolean online;
    private final double z;
    private final OnlineArgs onlineArgs;

    ZscoreSpec(ModelArgs args, boolean online) {
        super(args, OUTPUTS);
        this.online = online;
        this.z = args.positive("z_threshold", ZscoreModels.DEFAULT_Z_THRESHOLD);
        this.onlineArgs = online ? OnlineArgs.read(args) : null;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    @Override
    public FittedModel fit(Series train) {
        DecayedMoments m = new DecayedMoments(online ? onlineArgs.decay() : 1.0);
        // The offline model keeps only mean and std: values near the double maximum, whose squared
        // deviations overflow, are summed times an exact power of two (1 for ordinary data).
        double unit = online ? 1.0 : Math.scalb(1.0, -largeExponent(train));
        double[] v = new double[train.size()];
        int n = 0;
        for (int i = 0; i < train.size(); i++) {
            m.add(train.value(i) * unit);
            if (Double.isFinite(train.value(i))) {
                v[n++] = train.value(i) * unit;
            }
        }
        // The fit window's mean (not the decayed one) centres the tail, as the offline mean does.
        double tail = n == 0 ? Double.NaN : RobustStats.tailSigmaInPlace(v, n, mean(v, n)) / unit;
        if (online) {
            if (onlineArgs.historyStrength() != 1.0 && m.count() > 0) {
                m.scaleWeight(onlineArgs.historyStrength());
            }
            return new Online(this, m, tail);
        }
        if (m.count() == 0) {
            throw new InsufficientDataException("model '" + alias() + "' needs at least 1 finite point to fit,"
                    + " got 0 of "
                    + train.size());
        }
        return new Offline(this, m.mean() / unit, m.std() / unit, tail);
    }

    private static double mean(double[] v, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i];
        }
        return sum / n;
    }

    /** The exponent bringing the largest finite magnitude of {@code s} to about 2^480; 0 for ordinary data. */
    private static int largeExponent(Series s) {
        double max = 0;
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return Math.max(0, Math.getExponent(max) - 480);
    }

    void fill(Prediction.Builder b, int i, double y, double mean, double std, double tail) {
        // The tail floor (the class comment of ZscoreModels); NaN (a state saved before it) or an overflowed one is left out.
        double half = z * (tail > std && !Double.isInfinite(tail) ? tail : std);
        // a band beyond the double range saturates at the largest double
        b.set(i, y, mean, Math.max(-Double.MAX_VALUE, mean - half), Math.min(Double.MAX_VALUE, mean + half));
    }

    /** Offline z-score: fixed mean and std of the fit window. Immutable, thread-safe. */
    static final class Offline extends AbstractFittedModel<ZscoreSpec> {
        private final double mean;
        private final double std;
        private final double tail;

        Offline(ZscoreSpec spec, double mean, double std, double tail) {
            super(spec, spec.pipeline());
            this.mean = mean;
            this.std = std;
            this.tail = tail;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            spec().fill(out, i, y, mean, std, tail);
        }

        @Override
        public String describe() {
            return "zscore(mean=" + mean + ", std=" + std + ", tail=" + tail + ", z_threshold=" + spec().z + ")";
        }

        ZscoreState.Offline state() {
            return new ZscoreState.Offline(mean, std, tail);
        }
    }

    /** Online z-score: decayed running moments, scored point by point before each update. Single writer. */
    static final class Online extends AbstractOnlineModel<ZscoreSpec> {
        private final DecayedMoments moments;
        /** The fit window's tail estimate of σ, fixed until the next fit. */
        private final double tail;

        Online(ZscoreSpec spec, DecayedMoments moments, double tail) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.moments = moments;
            this.tail = tail;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            spec().fill(out, i, y, moments.mean(), moments.std(), tail);
        }

        @Override
        protected void learn(long t, double y) {
            moments.add(y);
        }

        @Override
        public long samplesSeen() {
            return moments.count();
        }

        @Override
        public OnlineModel copy() {
            return new Online(spec(), moments.copy(), tail);
        }

        @Override
        public String describe() {
            return "zscore_online(mean=" + moments.mean() + ", std=" + moments.std() + ", tail=" + tail + ", n="
                    + moments.count() + ")";
        }

        ZscoreState.Online state() {
            return new ZscoreState.Online(moments.state(), tail);
        }
    }
}

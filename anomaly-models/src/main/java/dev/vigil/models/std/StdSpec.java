package dev.vigil.models.std;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.decomposition.Classical;
import dev.vigil.core.decomposition.Decomposer;
import dev.vigil.core.decomposition.Decomposition;
import dev.vigil.core.decomposition.Stl;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.AutoPeriod;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.List;

/**
 * Spec of {@code std}. Immutable and thread-safe.
 *
 * <p><b>Fit</b> ({@link Classical}, exactly statsmodels on the finite fit values, NaN points
 * dropped): the state is the last {@code L} values (L = p + 1 for even p, p for odd p), the detrended
 * values of every phase (the fit window's, ⌈n/p⌉ per phase at most), the finite residuals (n - L + 1)
 * and the phase of the last point. Needs at least 2p finite points (as statsmodels).
 *
 * <p><b>Inference beyond the fit window</b>: for a point at time t,
 * {@code yhat = trend_last + seasonal[phase(t)]} where {@code trend_last} is the one-sided moving
 * average ending at the latest point seen (carried forward flat: the decomposition has no slope
 * model) and {@code phase(t) = (phase_last + round((t - t_last) / step)) mod p} with {@code step}
 * the median sampling interval of the fit window, so gaps and out-of-order batches keep the phase
 * right. Bounds: {@code yhat ± z_threshold · σ}, σ the population standard deviation of the
 * residuals in the rolling state. Extras: {@code trend} (= trend_last), {@code seasonal},
 * {@code resid} (= y - yhat).
 *
 * <p><b>Online update</b> (after scoring each point): the new trend value, the new detrended value
 * (it replaces the oldest one of its phase, so each phase keeps a rolling window of ⌈n/p⌉ seasons),
 * the re-centred seasonal profile and the new residual (replacing the oldest) are updated in O(1)
 * with running sums (re-summed exactly every window length to stop rounding drift). Memory O(n).
 *
 * <p><b>Extensions</b> (Vigil, not vmanomaly): {@code period: auto} detects the period on the fit
 * window ({@link AutoPeriod}; no season found gives an {@link InsufficientDataException}); with
 * {@code decomposition: stl} (and optional {@code robust: true}) the fit window is decomposed by STL
 * instead of moving averages: the trend, detrended values, profile and residuals of the state come
 * from STL, whose LOESS trend follows level changes that the one-sided moving average lags behind;
 * robust STL down-weights outliers of the fit window so that they stay in the remainder instead of
 * bending trend and profile. Later points update the state with the moving-average rules above.
 */
final class StdSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = List.of(Columns.YHAT, Columns.YHAT_LOWER, Columns.YHAT_UPPER, "trend", "seasonal", "resid");

    private final int period;
    private final boolean autoPeriod;
    private final double z;
    private final boolean stl;
    private final boolean robust;

    StdSpec(ModelArgs args) {
        super(args, OUTPUTS);
        if (AutoPeriod.isAuto(args.raw("period"))) {
            args.string("period", null);
            this.autoPeriod = true;
            this.period = 0;
        } else {
            this.autoPeriod = false;
            this.period = args.integerAtLeast("period", StdModels.DEFAULT_PERIOD, 2);
        }
        this.z = args.positive("z_threshold", StdModels.DEFAULT_Z_THRESHOLD);
        this.stl = args.choice("decomposition", "classical", "classical", "stl").equals("stl");
        this.robust = args.bool("robust", false);
        if (robust && !stl) {
            throw args.error("robust", "applies only with decomposition: stl");
        }
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    @Override
    public FittedModel fit(Series train) {
        int m = train.finiteCount();
        if (!autoPeriod && m < 2 * period) {
            throw new InsufficientDataException("model 'std' with period " + period + " needs at least " + 2 * period
                    + " finite points (two full seasons) to fit, got " + m);
        }
        if (autoPeriod && m < 4) {
            throw new InsufficientDataException("model 'std' with period: auto needs at least 4 finite points to"
                    + " look for a season, got " + m);
        }
        double[] x = new double[m];
        long[] ts = new long[m];
        int k = 0;
        for (int i = 0; i < train.size(); i++) {
            if (Double.isFinite(train.value(i))) {
                x[k] = train.value(i);
                ts[k++] = train.timestamp(i);
            }
        }
        double[] gaps = new double[m - 1];
        for (int i = 1; i < m; i++) {
            gaps[i - 1] = ts[i] - ts[i - 1];
        }
        long step = Math.max(1, Math.round(RobustStats.quantileInPlace(gaps, gaps.length, 0.5)));
        int p = period;
        if (autoPeriod) {
            p = AutoPeriod.detect(x);
            if (p == 0) {
                throw new InsufficientDataException("model 'std' with period: auto found no significant season in"
                        + " the " + m + " finite points of the fit window; give period explicitly or fit on more data");
            }
        }
        Decomposer decomposer = stl ? Stl.of(p, robust) : Classical.of(p);
        return new Model(this, decomposer.decompose(x), x, ts[m - 1], step, p);
    }

    /** The rolling decomposition. Single writer. */
    static final class Model extends AbstractOnlineModel<StdSpec> {
        private static final List<String> EXTRAS = List.of("trend", "seasonal", "resid");

        private final int p;
        private final long step;
        private final double evenHalf;
        // Trend: ring of the last L values and their running sum.
        private final double[] last;
        private int lastHead;
        private double lastSum;
        private int sinceResum;
        private double trend;
        // Seasonal: per phase a ring of detrended values (cap each), their sums and counts.
        private final int cap;
        private final double[] det;
        private final int[] detHead;
        private final int[] detCount;
        private final double[] detSum;
        private double profileSum;
        // Residuals: ring, running sum and sum of squares.
        private final double[] res;
        private int resHead;
        private int resCount;
        private double resSum;
        private double resSq;
        private int sinceResSum;
        private long tLast;
        private int phaseLast;
        private long seen;

        /**
         * The state after the fit window {@code x} (finite values), decomposed as {@code d}: the values
         * each phase averages are {@code x - trend} for the classical decomposition, the seasonal
         * component for STL (so that outliers that robust STL leaves in the remainder do not bend the
         * profile).
         */
        Model(StdSpec spec, Decomposition d, double[] x, long tLast, long step, int p) {
            super(spec, spec.pipeline(), NO_WARM_UP);
            this.p = p;
            this.step = step;
            int n = x.length;
            int len = Classical.filter(p).length;
            this.evenHalf = p % 2 == 0 ? 0.5 : 0.0;
            this.last = new double[len];
            for (int j = 0; j < len; j++) {
                last[j] = x[n - len + j];
            }
            this.lastHead = 0;
            this.lastSum = sum(last);
            double[] trendFit = d.trend();
            this.trend = trendFit[n - 1];
            this.cap = (n + p - 1) / p;
            this.det = new double[p * cap];
            this.detHead = new int[p];
            this.detCount = new int[p];
            this.detSum = new double[p];
            double[] seasonalFit = d.seasonal();
            for (int t = 0; t < n; t++) {
                double v = spec.stl ? seasonalFit[t] : x[t] - trendFit[t];
                if (!Double.isNaN(v)) {
                    pushDetrended(t % p, v);
                }
            }
            for (int i = 0; i < p; i++) {
                profileSum += detSum[i] / detCount[i];
            }
            this.res = new double[n - len + 1];
            double[] residFit = d.resid();
            for (int t = len - 1; t < n; t++) {
                pushResid(residFit[t]);
            }
            this.tLast = tLast;
            this.phaseLast = (n - 1) % p;
            this.seen = n;
        }

        /** A model in exactly the given state ({@link StdStateCodec} checks its consistency first). */
        Model(StdSpec spec, StdState s) {
            super(spec, spec.pipeline(), NO_WARM_UP);
            this.p = s.p();
            this.step = s.step();
            this.evenHalf = p % 2 == 0 ? 0.5 : 0.0;
            this.last = s.last();
            this.lastHead = s.lastHead();
            this.lastSum = s.lastSum();
            this.sinceResum = s.sinceResum();
            this.trend = s.trend();
            this.cap = s.cap();
            this.det = s.det();
            this.detHead = s.detHead();
            this.detCount = s.detCount();
            this.detSum = s.detSum();
            this.profileSum = s.profileSum();
            this.res = s.res();
            this.resHead = s.resHead();
            this.resCount = s.resCount();
            this.resSum = s.resSum();
            this.resSq = s.resSq();
            this.sinceResSum = s.sinceResSum();
            this.tLast = s.tLast();
            this.phaseLast = s.phaseLast();
            this.seen = s.seen();
        }

        private Model(Model o) {
            super(o);
            this.p = o.p;
            this.step = o.step;
            this.evenHalf = o.evenHalf;
            this.last = o.last.clone();
            this.lastHead = o.lastHead;
            this.lastSum = o.lastSum;
            this.sinceResum = o.sinceResum;
            this.trend = o.trend;
            this.cap = o.cap;
            this.det = o.det.clone();
            this.detHead = o.detHead.clone();
            this.detCount = o.detCount.clone();
            this.detSum = o.detSum.clone();
            this.profileSum = o.profileSum;
            this.res = o.res.clone();
            this.resHead = o.resHead;
            this.resCount = o.resCount;
            this.resSum = o.resSum;
            this.resSq = o.resSq;
            this.sinceResSum = o.sinceResSum;
            this.tLast = o.tLast;
            this.phaseLast = o.phaseLast;
            this.seen = o.seen;
        }

        private static double sum(double[] a) {
            double s = 0;
            for (double v : a) {
                s += v;
            }
            return s;
        }

        /** Adds a detrended value to its phase's ring; returns nothing, keeps sums exact enough. */
        private void pushDetrended(int phase, double v) {
            int base = phase * cap;
            if (detCount[phase] == cap) {
                int h = detHead[phase];
                detSum[phase] += v - det[base + h];
                det[base + h] = v;
                detHead[phase] = h + 1 == cap ? 0 : h + 1;
                if (detHead[phase] == 0) {
                    // Once per full turn of the ring: re-sum to stop rounding drift.
                    double s = 0;
                    for (int j = 0; j < cap; j++) {
                        s += det[base + j];
                    }
                    detSum[phase] = s;
                }
            } else {
                det[base + (detHead[phase] + detCount[phase]) % cap] = v;
                detSum[phase] += v;
                detCount[phase]++;
            }
        }

        private void pushResid(double r) {
            if (resCount == res.length) {
                double old = res[resHead];
                resSum += r - old;
                resSq += r * r - old * old;
                res[resHead] = r;
                resHead = resHead + 1 == res.length ? 0 : resHead + 1;
                if (++sinceResSum >= res.length) {
                    sinceResSum = 0;
                    double s = 0;
                    double q = 0;
                    for (double v : res) {
                        s += v;
                        q += v * v;
                    }
                    resSum = s;
                    resSq = q;
                }
            } else {
                res[(resHead + resCount) % res.length] = r;
                resSum += r;
                resSq += r * r;
                resCount++;
            }
        }

        int phaseOf(long t) {
            long d = Math.round((t - tLast) / (double) step);
            return (int) Math.floorMod(phaseLast + d, (long) p);
        }

        double seasonal(int phase) {
            return detSum[phase] / detCount[phase] - profileSum / p;
        }

        double sigma() {
            double mean = resSum / resCount;
            return Math.sqrt(Math.max(0.0, resSq / resCount - mean * mean));
        }

        void add(long t, double x) {
            if (!Double.isFinite(x)) {
                return;
            }
            int phase = phaseOf(t);
            // Trend: the ring holds the last L values, oldest at lastHead.
            double oldest = last[lastHead];
            last[lastHead] = x;
            lastHead = lastHead + 1 == last.length ? 0 : lastHead + 1;
            lastSum += x - oldest;
            if (++sinceResum >= last.length) {
                sinceResum = 0;
                lastSum = sum(last);
            }
            double newOldest = last[lastHead];
            trend = (lastSum - evenHalf * (x + newOldest)) / p;
            double detrended = x - trend;
            double before = detSum[phase] / detCount[phase];
            pushDetrended(phase, detrended);
            profileSum += detSum[phase] / detCount[phase] - before;
            if (phase == 0) {
                // Once per season: re-sum the profile to stop rounding drift (O(p), amortised O(1)).
                double ps = 0;
                for (int i = 0; i < p; i++) {
                    ps += detSum[i] / detCount[i];
                }
                profileSum = ps;
            }
            pushResid(detrended - seasonal(phase));
            tLast = t;
            phaseLast = phase;
            seen++;
        }

        @Override
        protected List<String> extraColumns() {
            return EXTRAS;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            double s = seasonal(phaseOf(t));
            double yhat = trend + s;
            double half = spec().z * sigma();
            out.set(i, y, yhat, yhat - half, yhat + half);
            extras[0][i] = trend;
            extras[1][i] = s;
            extras[2][i] = y - yhat;
        }

        @Override
        protected void learn(long t, double y) {
            add(t, y);
        }

        @Override
        public long samplesSeen() {
            return seen;
        }

        @Override
        public OnlineModel copy() {
            return new Model(this);
        }

        @Override
        public String describe() {
            StdSpec spec = spec();
            return "std(" + AutoPeriod.describe("period", p, spec.autoPeriod)
                    + (spec.stl ? ", decomposition=stl" + (spec.robust ? " robust" : "") : "")
                    + ", trend=" + trend + ", resid_std=" + sigma() + ", step=" + step + " ms)";
        }

        StdState state() {
            return new StdState(p, step, last.clone(), lastHead, lastSum, sinceResum, trend, cap, det.clone(),
                    detHead.clone(), detCount.clone(), detSum.clone(), profileSum, res.clone(), resHead, resCount, resSum,
                    resSq, sinceResSum, tLast, phaseLast, seen);
        }
    }
}

package dev.vigil.models.rollingquantile;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Spec of {@code rolling_quantile}. Immutable and thread-safe.
 *
 * <p>The window W holds the last {@code window_steps} finite points (the tail of the fit window, then
 * every new point). Each point is scored against the window <em>before</em> it enters: with
 * {@code Q(p)} numpy's linear-interpolation quantile of W, {@code IQR = Q(0.75) - Q(0.25)} and
 * {@code k = iqr_threshold}: {@code yhat = Q(0.5)}, {@code yhat_lower = Q(1 - q) - k·IQR/2},
 * {@code yhat_upper = Q(q) + k·IQR/2}. No warm-up: while the window is shorter than
 * {@code window_steps} the quantiles of the points it has are used (NaN when it is empty).
 *
 * <p>The window is kept sorted (plus a ring for arrival order): an update is O(W) (two binary
 * searches and array shifts), quantiles are O(1); no allocation per point.
 */
final class RollingQuantileSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;

    private final double q;
    private final int window;
    private final double k;

    RollingQuantileSpec(ModelArgs args) {
        super(args, OUTPUTS);
        this.q = args.inRange("quantile", RollingQuantileModels.DEFAULT_QUANTILE, 0.5, false, 1.0, false);
        this.window = args.integerAtLeast("window_steps", RollingQuantileModels.DEFAULT_WINDOW_STEPS, 1);
        this.k = args.nonNegative("iqr_threshold", 0.0);
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
        Model m = new Model(this);
        for (int i = 0; i < train.size(); i++) {
            m.add(train.value(i));
        }
        return m;
    }

    /** The sliding window. Single writer. */
    static final class Model extends AbstractOnlineModel<RollingQuantileSpec> {
        private final double[] ring;
        private final double[] sorted;
        private int size;
        private int head;
        private long seen;

        Model(RollingQuantileSpec spec) {
            super(spec, spec.pipeline(), NO_WARM_UP);
            this.ring = new double[spec.window];
            this.sorted = new double[spec.window];
        }

        /** A model holding exactly the given window (its sorted copy is rebuilt: the order is total). */
        Model(RollingQuantileSpec spec, RollingQuantileState s) {
            this(spec);
            double[] w = s.window();
            if (w.length > ring.length || s.seen() < w.length) {
                throw new IllegalArgumentException("a window of " + w.length + " points after " + s.seen()
                        + " seen, for window_steps " + ring.length);
            }
            for (double x : w) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("the window holds " + x);
                }
            }
            System.arraycopy(w, 0, ring, 0, w.length);
            System.arraycopy(w, 0, sorted, 0, w.length);
            Arrays.sort(sorted, 0, w.length);
            this.size = w.length;
            this.head = w.length == ring.length ? 0 : w.length;
            this.seen = s.seen();
        }

        private Model(Model o) {
            super(o);
            this.ring = o.ring.clone();
            this.sorted = o.sorted.clone();
            this.size = o.size;
            this.head = o.head;
            this.seen = o.seen;
        }

        void add(double x) {
            if (!Double.isFinite(x)) {
                return;
            }
            seen++;
            if (size == ring.length) {
                double old = ring[head];
                int at = Arrays.binarySearch(sorted, 0, size, old);
                System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
                size--;
            }
            ring[head] = x;
            head = head + 1 == ring.length ? 0 : head + 1;
            int at = Arrays.binarySearch(sorted, 0, size, x);
            if (at < 0) {
                at = -at - 1;
            }
            System.arraycopy(sorted, at, sorted, at + 1, size - at);
            sorted[at] = x;
            size++;
        }

        /** Quantile p of the window (NaN while it is empty). O(1). */
        private double quantile(double p) {
            return RobustStats.quantileSorted(sorted, size, p);
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            RollingQuantileSpec spec = spec();
            double yhat = quantile(0.5);
            double half = spec.k == 0 ? 0.0 : spec.k * 0.5 * (quantile(0.75) - quantile(0.25));
            double lo = quantile(1 - spec.q) - half;
            double hi = quantile(spec.q) + half;
            out.set(i, y, yhat, lo, hi);
        }

        @Override
        protected void learn(long t, double y) {
            add(y);
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
            return "rolling_quantile(window " + size + "/" + ring.length + ", q=" + spec().q + ")";
        }

        RollingQuantileState state() {
            double[] w = new double[size];
            // Oldest first: the ring starts at head once full.
            int start = size == ring.length ? head : 0;
            for (int i = 0; i < size; i++) {
                w[i] = ring[(start + i) % ring.length];
            }
            return new RollingQuantileState(w, seen);
        }
    }
}

package dev.vigil.models.context;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.List;

/** Spec of {@code vigil_online}. Immutable and thread-safe. */
final class ContextSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;

    final ContextDetector.Params params;
    final OnlineArgs onlineArgs;

    ContextSpec(ModelArgs args) {
        super(args, OUTPUTS);
        int levels = args.integer("levels", 8);
        int k = args.integer("context_length", 4);
        int rest = args.integer("rest_period", 35);
        int sw = args.integer("short_window", 10);
        int lw = args.integer("long_window", 4000);
        double tol = args.number("spatial_tolerance", 0.05);
        double digits = args.number("tail_digits", 5);
        double jt = args.number("jump_tolerance", -1);
        this.params = new ContextDetector.Params(levels, k, rest, sw, lw, tol, digits, jt,
                args.number("order_weight", 0), args.integer("novel_below", 0));
        this.onlineArgs = OnlineArgs.read(args);
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
        ContextDetector d = new ContextDetector(params);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < train.size(); i++) {
            double v = train.value(i);
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo <= hi) {
            d.setRange(lo, hi);
        }
        Online m = new Online(this, d);
        for (int i = 0; i < train.size(); i++) {
            m.learn(train.timestamp(i), train.value(i));
        }
        return m;
    }

    /** The online model. Single writer. */
    static final class Online extends AbstractOnlineModel<ContextSpec> {
        final ContextDetector d;
        double level = Double.NaN;

        Online(ContextSpec spec, ContextDetector d) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.d = d;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            double s = d.score(y);
            double yhat = Double.isNaN(level) ? y : level;
            double dev = Math.abs(y - yhat);
            double margin = s > 0 ? dev / s : dev * 1e9 + 1e-300;
            if (!(margin > 0)) {
                margin = Double.MIN_NORMAL;
            }
            out.set(i, y, yhat, yhat - margin, yhat + margin);
        }

        @Override
        protected void learn(long t, double y) {
            if (!Double.isFinite(y)) {
                return;
            }
            d.learn(y);
            level = Double.isNaN(level) ? y : level + 0.1 * (y - level);
        }

        @Override
        public long samplesSeen() {
            return d.seen;
        }

        @Override
        public OnlineModel copy() {
            Online c = new Online(spec(), d.copy());
            c.level = level;
            return c;
        }

        @Override
        public String describe() {
            return "vigil_online(" + d + ")";
        }
    }
}

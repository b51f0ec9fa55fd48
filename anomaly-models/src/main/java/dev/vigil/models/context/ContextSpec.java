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
    /** The score reported for the detector's 0, so that the band stays finite. */
    private static final double ZERO_SCORE = 1e-9;

    final ContextDetector.Params params;
    final OnlineArgs onlineArgs;

    ContextSpec(ModelArgs args) {
        super(args, OUTPUTS);
        int levels = args.integerAtLeast("levels", ContextModels.DEFAULT_LEVELS, 2);
        if (levels > 16) {
            throw args.error("levels", "must be a whole number in [2, 16], got " + levels);
        }
        int k = args.integerAtLeast("context_length", ContextModels.DEFAULT_CONTEXT_LENGTH, 1);
        if (k > 12) {
            throw args.error("context_length", "must be a whole number in [1, 12], got " + k);
        }
        int rest = args.integerAtLeast("rest_period", ContextModels.DEFAULT_REST_PERIOD, 0);
        int shortWindow = args.integerAtLeast("short_window", ContextModels.DEFAULT_SHORT_WINDOW, 1);
        int longWindow = args.integerAtLeast("long_window", ContextModels.DEFAULT_LONG_WINDOW, 1);
        double tol = args.nonNegative("range_tolerance", ContextModels.DEFAULT_RANGE_TOLERANCE);
        double digits = args.positive("tail_digits", ContextModels.DEFAULT_TAIL_DIGITS);
        String err = args.choice("prediction_error", ContextModels.DEFAULT_PREDICTION_ERROR, "off", "level", "last");
        int mode = switch (err) {
            case "level" -> ContextDetector.ERROR_LEVEL;
            case "last" -> ContextDetector.ERROR_LAST;
            default -> ContextDetector.ERROR_OFF;
        };
        this.params = new ContextDetector.Params(levels, k, rest, shortWindow, longWindow, tol, digits, mode);
        this.onlineArgs = OnlineArgs.read(args);
        if (onlineArgs.decay() != 1.0 || onlineArgs.historyStrength() != 1.0) {
            throw args.error(onlineArgs.decay() != 1.0 ? "decay" : "history_strength",
                    "is not used by vigil_online (its memory is long_window and the fit window); leave it at 1");
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

    /**
     * Replays {@code train} through a new detector whose quantisation range is {@code train}'s finite
     * range, so that the model is warm right after a (re)fit. O(n · context_length).
     */
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
        for (int i = 0; i < train.size(); i++) {
            d.learn(train.value(i));
        }
        return new Online(this, d);
    }

    /**
     * The band whose edge is at the score: {@code yhat ± |y − yhat| / score}, so that the linear score of
     * the pipeline is exactly the detector's score; a score of 0 gives a band 10^9 times wider than the
     * deviation (a score of 1e-9). Where that band would overflow the double range, yhat moves towards y.
     */
    void fill(Prediction.Builder out, int i, double y, double yhat, double score) {
        if (!Double.isFinite(y)) {
            out.set(i, y, yhat, yhat, yhat);
            return;
        }
        double s = score > 0 ? score : ZERO_SCORE;
        double dev = Math.abs(y - yhat);
        double margin = dev / s;
        if (!(Math.abs(yhat) + margin <= Double.MAX_VALUE)) {
            // Near the double maximum the band would overflow: yhat moves towards y, keeping the score.
            margin = (Double.MAX_VALUE - Math.abs(y)) / (1 + s);
            double moved = y > yhat ? y - s * margin : y + s * margin;
            if (moved == y) {
                // y at the very maximum: yhat halfway to 0; a score below 1 then reads at most 1
                moved = 0.5 * y;
                margin = Math.min(0.5 * Math.abs(y) / s, 0.5 * Double.MAX_VALUE);
            }
            yhat = moved;
        } else if (!(margin > 0)) {
            margin = Double.MIN_NORMAL;
        }
        out.set(i, y, yhat, yhat - margin, yhat + margin);
    }

    /** The online model: a {@link ContextDetector}. Single writer. */
    static final class Online extends AbstractOnlineModel<ContextSpec> {
        private final ContextDetector d;

        Online(ContextSpec spec, ContextDetector d) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.d = d;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            double level = d.level();
            spec().fill(out, i, y, Double.isNaN(level) ? y : level, d.score(y));
        }

        @Override
        protected void learn(long t, double y) {
            d.learn(y);
        }

        @Override
        public long samplesSeen() {
            return d.seen();
        }

        @Override
        public OnlineModel copy() {
            return new Online(spec(), d.copy());
        }

        @Override
        public String describe() {
            return "vigil_online(" + d + ")";
        }

        ContextState state() {
            return d.state();
        }
    }
}

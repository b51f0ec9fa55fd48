package dev.vigil.models.context;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModelBuilder;
import dev.vigil.models.state.StateCodec;
import java.util.List;

/**
 * {@code vigil_online}, Vigil's own online detector (not a vmanomaly model): the factory the registry
 * holds, the typed {@link #builder()}, which goes through the same factory, and the state codec.
 * The defaults were chosen on one half of the Numenta Anomaly Benchmark and hold on the other
 * ({@code docs/quality.md}). Stateless.
 */
public final class ContextModels {

    /** The registered alias. */
    public static final String ALIAS = "vigil_online";
    /** Default {@code levels}: the fit window's range is cut into this many equal levels. */
    public static final int DEFAULT_LEVELS = 8;
    /** Default {@code context_length}: contexts of 1 to this many previous values. */
    public static final int DEFAULT_CONTEXT_LENGTH = 4;
    /** Default {@code rest_period}, in points: silence after a detection (one detection per incident). */
    public static final int DEFAULT_REST_PERIOD = 35;
    /** Default {@code short_window}, in points: the recent mean of novelty. */
    public static final int DEFAULT_SHORT_WINDOW = 10;
    /** Default {@code long_window}, in points: the memory of that mean's distribution. */
    public static final int DEFAULT_LONG_WINDOW = 4000;
    /** Default {@code range_tolerance}: a break of the seen range by more than 5 % of its width. */
    public static final double DEFAULT_RANGE_TOLERANCE = 0.05;
    /** Default {@code tail_digits}: a tail probability of 10^-5 scores 1. */
    public static final double DEFAULT_TAIL_DIGITS = 5;

    /**
     * Default {@code prediction_error}: off. The second detector raised the score on the selection half
     * of NAB but lost on the held-out half (docs/quality.md), so it is opt-in.
     */
    public static final String DEFAULT_PREDICTION_ERROR = "off";

    /** {@code vigil_online}'s arguments (its own, the common and the online ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(true,
            ArgDescriptor.optional("levels", Type.INTEGER, DEFAULT_LEVELS,
                    "2 to 16: the fit window's range is cut into this many equal levels"),
            ArgDescriptor.optional("context_length", Type.INTEGER, DEFAULT_CONTEXT_LENGTH,
                    "1 to 12: contexts of 1 to this many previous values"),
            ArgDescriptor.optional("rest_period", Type.INTEGER, DEFAULT_REST_PERIOD,
                    "points: after a detection, points score 0 until this many in a row are not detections"),
            ArgDescriptor.optional("short_window", Type.INTEGER, DEFAULT_SHORT_WINDOW,
                    "points in the recent mean of novelty"),
            ArgDescriptor.optional("long_window", Type.INTEGER, DEFAULT_LONG_WINDOW,
                    "points: the memory of the distribution of that mean"),
            ArgDescriptor.optional("range_tolerance", Type.NUMBER, DEFAULT_RANGE_TOLERANCE,
                    "a value beyond the range seen up to short_window points before it by more than this"
                            + " share of its width scores above 1"),
            ArgDescriptor.optional("tail_digits", Type.NUMBER, DEFAULT_TAIL_DIGITS,
                    "a tail probability of 10^-tail_digits scores 1"),
            ArgDescriptor.optional("prediction_error", Type.STRING, DEFAULT_PREDICTION_ERROR,
                    "off, level or last: a second detector on the prediction error from the level or the previous value"),
            ArgDescriptor.optional("decay", Type.NUMBER, 1.0, "not used: must stay 1"),
            ArgDescriptor.optional("history_strength", Type.NUMBER, 1.0, "not used: must stay 1"));

    private ContextModels() {
    }

    /**
     * {@code vigil_online}: args {@code levels} (8), {@code context_length} (4), {@code rest_period} (35),
     * {@code short_window} (10), {@code long_window} (4000), {@code range_tolerance} (0.05),
     * {@code tail_digits} (5), {@code prediction_error} (off), {@code min_n_samples_seen} (16).
     */
    public static ModelSpec create(ModelArgs args) {
        return new ContextSpec(args);
    }

    /** The state codec of {@code vigil_online} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return ContextStateCodec.INSTANCE;
    }

    /** A builder of {@code vigil_online} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code vigil_online}. Not thread-safe. */
    public static final class Builder extends OnlineModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code levels}, 2 to 16: the fit window's range is cut into this many equal levels. */
        public Builder levels(int levels) {
            return arg("levels", levels);
        }

        /** {@code context_length}, 1 to 12: contexts of 1 to this many previous values. */
        public Builder contextLength(int k) {
            return arg("context_length", k);
        }

        /** {@code rest_period}: after a detection, points score 0 until this many in a row are not detections. */
        public Builder restPeriod(int points) {
            return arg("rest_period", points);
        }

        /** {@code short_window}: points in the recent mean of novelty (and the level's span). */
        public Builder shortWindow(int points) {
            return arg("short_window", points);
        }

        /** {@code long_window}: points in the memory of the distribution of that mean. */
        public Builder longWindow(int points) {
            return arg("long_window", points);
        }

        /**
         * {@code range_tolerance}: share of the range seen up to {@code short_window} points before a value
         * that the value must leave it by to be a range break.
         */
        public Builder rangeTolerance(double share) {
            return arg("range_tolerance", share);
        }

        /** {@code tail_digits}: a tail probability of 10^-digits scores 1. */
        public Builder tailDigits(double digits) {
            return arg("tail_digits", digits);
        }

        /** {@code prediction_error}: off, level or last (a second detector on the error from the level or the previous value). */
        public Builder predictionError(String reference) {
            return arg("prediction_error", reference);
        }

        @Override
        protected String alias() {
            return ALIAS;
        }

        @Override
        protected ModelFactory factory() {
            return ContextModels::create;
        }
    }
}

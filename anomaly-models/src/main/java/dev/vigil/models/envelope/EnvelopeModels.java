package dev.vigil.models.envelope;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code temporal_envelope}: the factory the registry holds (the vmanomaly-style map adapter), the
 * typed {@link #builder()}, which goes through the same factory, and the state codec. Stateless.
 */
public final class EnvelopeModels {

    /** vmanomaly's default {@code iqr_threshold}: the main width knob (typically 1 to 4). */
    public static final double DEFAULT_IQR_THRESHOLD = 2.0;
    /** vmanomaly's default {@code alpha}: how fast the level (and the profiles) follow the data. */
    public static final double DEFAULT_ALPHA = 0.005;
    /** vmanomaly's default {@code loss_reactivity}: how far deviations move the model (1 to 5). */
    public static final double DEFAULT_LOSS_REACTIVITY = 5.0;
    /** vmanomaly's default {@code changepoint_window}. */
    public static final int DEFAULT_CHANGEPOINT_WINDOW = 16;

    /** The arguments {@code temporal_envelope} shares with {@code temporal_envelope_multivariate}. */
    static final ArgDescriptor[] OWN = {
            ArgDescriptor.optional("quantiles", Type.NUMBER_LIST, List.of(0.25, 0.75),
                    "residual quantiles (lower, upper) of the base band, increasing, in (0, 1)"),
            ArgDescriptor.optional("iqr_threshold", Type.NUMBER, DEFAULT_IQR_THRESHOLD,
                    "the band reaches iqr_threshold * IQR beyond the base quantiles (typically 1 to 4)"),
            ArgDescriptor.optional("alpha", Type.NUMBER, DEFAULT_ALPHA,
                    "in (0, 1]: the level's learning rate per point (typically 0.0025 to 0.02)"),
            ArgDescriptor.optional("loss_reactivity", Type.NUMBER, DEFAULT_LOSS_REACTIVITY,
                    "residuals are clipped at loss_reactivity * IQR before they update the model"),
            ArgDescriptor.optional("min_n_samples_seen", Type.INTEGER, OnlineArgs.DEFAULT_MIN_N_SAMPLES_SEEN,
                    "the score is 0 until the model has seen more than this many points"),
            ArgDescriptor.optional("changepoint_window", Type.INTEGER, DEFAULT_CHANGEPOINT_WINDOW,
                    "this many residuals in a row beyond the band on one side re-level the model"),
            ArgDescriptor.optional("seasonalities", Type.STRING_LIST, List.of("hod_smooth", "dow_smooth"),
                    "calendar profile presets, at most one per cycle; [] for none"),
            ArgDescriptor.optional("holidays", Type.MAP, null,
                    "special_events (MM-DD or YYYY-MM-DD) and group (true: one shared profile)"),
            ArgDescriptor.optional("forecast_at", Type.STRING_LIST, List.of(), "must be empty (not supported yet)"),
            ArgDescriptor.optional("tz", Type.STRING, "UTC", "IANA time zone whose civil time the profiles follow")};

    /** {@code temporal_envelope}'s arguments (its own, then the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false, OWN);

    private EnvelopeModels() {
    }

    /**
     * {@code temporal_envelope} ({@code model.online.TemporalEnvelopeModel}): args {@code quantiles}
     * ([0.25, 0.75]: residual quantiles of the base band), {@code iqr_threshold} (2), {@code alpha}
     * (0.005, in (0, 1]), {@code loss_reactivity} (5, > 0), {@code min_n_samples_seen} (16),
     * {@code changepoint_window} (16, >= 1), {@code seasonalities} ([hod_smooth, dow_smooth]; presets
     * {@code hod_smooth|spiky|plateau}, {@code dow_smooth|spiky|plateau}, {@code weekpart_plateau},
     * {@code month_smooth|plateau}, at most one per cycle; [] for none), {@code holidays}
     * ({@code special_events}: {@code MM-DD} or {@code YYYY-MM-DD} dates; {@code group}: true; non-empty
     * {@code countries} are rejected), {@code forecast_at} ([]; non-empty is rejected), {@code tz} (UTC:
     * the zone whose civil time the profiles follow; the runner passes the reader query's).
     */
    public static ModelSpec create(ModelArgs args) {
        return new EnvelopeSpec(args);
    }

    /** The state codec of {@code temporal_envelope} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return EnvelopeStateCodec.INSTANCE;
    }

    /** A builder of {@code temporal_envelope} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code temporal_envelope}. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code quantiles}: the residual quantiles of the base band, lower then upper, in (0, 1). */
        public Builder quantiles(double lower, double upper) {
            return arg("quantiles", List.of(lower, upper));
        }

        /** {@code iqr_threshold}: the band reaches this many residual IQRs beyond the base quantiles. */
        public Builder iqrThreshold(double k) {
            return arg("iqr_threshold", k);
        }

        /** {@code alpha} in (0, 1]: the level's learning rate (profiles adapt at 20 times it per visit). */
        public Builder alpha(double alpha) {
            return arg("alpha", alpha);
        }

        /** {@code loss_reactivity}: residuals are clipped at this many IQRs before they update the model. */
        public Builder lossReactivity(double r) {
            return arg("loss_reactivity", r);
        }

        /** {@code min_n_samples_seen}: the score is 0 while the model has seen at most this many points. */
        public Builder minNSamplesSeen(int n) {
            return arg("min_n_samples_seen", n);
        }

        /** {@code changepoint_window}: this many residuals in a row beyond the band on one side re-level the model. */
        public Builder changepointWindow(int points) {
            return arg("changepoint_window", points);
        }

        /** {@code seasonalities}: the calendar profile presets, e.g. {@code hod_smooth}; none for no profile. */
        public Builder seasonalities(String... presets) {
            return arg("seasonalities", List.of(presets));
        }

        /** {@code holidays.special_events} ({@code MM-DD} or {@code YYYY-MM-DD}) and {@code holidays.group}. */
        public Builder specialEvents(boolean group, String... dates) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("special_events", List.of(dates));
            h.put("group", group);
            return arg("holidays", h);
        }

        /** {@code tz}: the zone whose civil time the profiles follow. */
        public Builder tz(ZoneId zone) {
            return arg("tz", zone.getId());
        }

        @Override
        protected String alias() {
            return "temporal_envelope";
        }

        @Override
        protected ModelFactory factory() {
            return EnvelopeModels::create;
        }
    }
}

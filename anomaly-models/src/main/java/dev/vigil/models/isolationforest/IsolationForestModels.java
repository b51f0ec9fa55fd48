package dev.vigil.models.isolationforest;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.state.StateCodec;
import java.time.ZoneId;
import java.util.List;

/**
 * The isolation forest family: the factories the registry holds for {@value #UNIVARIATE} and
 * {@value #MULTIVARIATE} (the vmanomaly-style map adapters), the typed {@link #builder()}, which goes
 * through the same factories, and the state codec. Stateless.
 *
 * <p>Library use of the multivariate model (the runner feeds it the series of its queries by group):
 * <pre>{@code
 * MultivariateSpec spec = IsolationForestModels.builder().contamination(0.01).buildMultivariate();
 * MultivariateModel model = spec.fit(timestamps, rows);        // rows[i] = the channels at timestamps[i]
 * double[] scores = model.score(newTimestamps, newRows);       // > 1: outlier
 * }</pre>
 */
public final class IsolationForestModels {

    /** The alias of the univariate model ({@code model.isolation_forest.IsolationForestModel}). */
    public static final String UNIVARIATE = "isolation_forest_univariate";

    /** The alias of the multivariate model ({@code model.isolation_forest.IsolationForestMultivariateModel}). */
    public static final String MULTIVARIATE = "isolation_forest_multivariate";

    /** scikit-learn's default {@code n_estimators}. */
    public static final int DEFAULT_N_ESTIMATORS = 100;

    /**
     * The default {@code random_state}: scikit-learn draws a fresh seed when it is {@code None}; a fixed
     * seed keeps the model deterministic, so that a refit on the same window gives the same scores.
     */
    public static final int DEFAULT_RANDOM_STATE = 42;

    /** {@code max_samples: auto} draws min({@value}, n) rows per tree. */
    public static final int AUTO_MAX_SAMPLES = 256;

    /**
     * The arguments of both isolation forest models (their own, scikit-learn's under {@code args}, then
     * the common ones): the registry accepts these keys.
     */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("contamination", Type.STRING, "auto",
                    "\"auto\" (offset -0.5) or the share of outliers in (0, 0.5] expected in the fit window"),
            ArgDescriptor.optional("seasonal_features", Type.STRING_LIST, List.of(),
                    "calendar features added to each row: minute, hod, dow, month (sin/cos encoded)"),
            ArgDescriptor.optional("tz", Type.STRING, "UTC", "IANA time zone of the seasonal features"),
            ArgDescriptor.optional("extend_beyond_fit_range", Type.BOOLEAN, true,
                    "Vigil: the score keeps rising beyond the fit window's range (false: scikit-learn's score exactly)"),
            ArgDescriptor.optional("args", Type.MAP, null, "scikit-learn's IsolationForest options (the args.* below)"),
            ArgDescriptor.optional("args.n_estimators", Type.INTEGER, DEFAULT_N_ESTIMATORS, "number of trees"),
            ArgDescriptor.optional("args.max_samples", Type.STRING, "auto",
                    "rows drawn per tree: auto = min(256, n), a count, or a fraction of n"),
            ArgDescriptor.optional("args.max_features", Type.NUMBER, 1.0,
                    "features drawn per tree: a fraction (float) or a count (int)"),
            ArgDescriptor.optional("args.bootstrap", Type.BOOLEAN, false, "draw rows with replacement"),
            ArgDescriptor.optional("args.random_state", Type.INTEGER, DEFAULT_RANDOM_STATE,
                    "seed of the tree construction (fixed, so a refit on the same data gives the same scores)"));

    private IsolationForestModels() {
    }

    /**
     * {@value #UNIVARIATE}: args {@code contamination} ("auto", or a number in (0, 0.5]),
     * {@code seasonal_features} (list of {@code minute}, {@code hod}, {@code dow}, {@code month};
     * none by default), {@code tz} (UTC; the zone of the seasonal features),
     * {@code extend_beyond_fit_range} (true; false for scikit-learn's score beyond the fit range too) and {@code args},
     * scikit-learn's {@code n_estimators} (100), {@code max_samples} ("auto" = min(256, n), a count or
     * a fraction), {@code max_features} (1.0: a fraction or a count), {@code bootstrap} (false) and
     * {@code random_state} ({@value #DEFAULT_RANDOM_STATE}).
     */
    public static ModelSpec univariate(ModelArgs args) {
        return new IsolationForestSpec(args);
    }

    /** {@value #MULTIVARIATE}: the arguments of {@link #univariate}; its specs are {@link MultivariateSpec}s. */
    public static MultivariateSpec multivariate(ModelArgs args) {
        return new IsolationForestSpec.Multivariate(args);
    }

    /** The state codec of both models ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return IsolationForestStateCodec.INSTANCE;
    }

    /** A builder of {@value #UNIVARIATE} specs ({@value #MULTIVARIATE} with {@link Builder#buildMultivariate()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of both isolation forest models; scikit-learn's go under {@code args}. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {
        private boolean multivariate;

        private Builder() {
        }

        /** {@code contamination}: the expected share of outliers in the fit window, in (0, 0.5]. */
        public Builder contamination(double share) {
            return arg("contamination", share);
        }

        /** {@code contamination: auto}: scikit-learn's fixed threshold (offset -0.5), the default. */
        public Builder autoContamination() {
            return arg("contamination", "auto");
        }

        /** {@code seasonal_features}: any of {@code minute}, {@code hod}, {@code dow}, {@code month}. */
        public Builder seasonalFeatures(String... names) {
            return arg("seasonal_features", List.of(names));
        }

        /**
         * {@code extend_beyond_fit_range}: true (the default) lets the score keep rising with the
         * distance beyond the fit rows' range, where scikit-learn's stays flat; false gives scikit-learn's
         * score everywhere.
         */
        public Builder extendBeyondFitRange(boolean extend) {
            return arg("extend_beyond_fit_range", extend);
        }

        /** {@code tz}: the zone whose wall-clock time the seasonal features encode (UTC by default). */
        public Builder timeZone(ZoneId zone) {
            return arg("tz", zone.getId());
        }

        /** {@code args.n_estimators}: the number of trees. */
        public Builder trees(int n) {
            return sklearnArg("n_estimators", n);
        }

        /** {@code args.max_samples} as a count of rows per tree (capped at the rows available). */
        public Builder maxSamples(int rows) {
            return sklearnArg("max_samples", rows);
        }

        /** {@code args.max_samples} as a fraction in (0, 1] of the rows. */
        public Builder maxSamplesShare(double share) {
            return sklearnArg("max_samples", share);
        }

        /** {@code args.max_features} as a count of features per tree. */
        public Builder maxFeatures(int features) {
            return sklearnArg("max_features", features);
        }

        /** {@code args.max_features} as a fraction in (0, 1] of the features. */
        public Builder maxFeaturesShare(double share) {
            return sklearnArg("max_features", share);
        }

        /** {@code args.bootstrap}: draw each tree's rows with replacement. */
        public Builder bootstrap(boolean bootstrap) {
            return sklearnArg("bootstrap", bootstrap);
        }

        /** {@code args.random_state}: the seed of the trees. */
        public Builder randomState(int seed) {
            return sklearnArg("random_state", seed);
        }

        /** Any other scikit-learn argument under {@code args} (unknown ones are refused at build). */
        public Builder sklearnArg(String name, Object value) {
            return nestedArg("args", name, value);
        }

        /** Builds an {@value #MULTIVARIATE} spec. */
        public MultivariateSpec buildMultivariate() {
            multivariate = true;
            try {
                return (MultivariateSpec) build();
            } finally {
                multivariate = false;
            }
        }

        @Override
        protected String alias() {
            return multivariate ? MULTIVARIATE : UNIVARIATE;
        }

        @Override
        protected ModelFactory factory() {
            return multivariate ? IsolationForestModels::multivariate : IsolationForestModels::univariate;
        }
    }
}

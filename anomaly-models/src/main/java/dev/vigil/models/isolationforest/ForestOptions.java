package dev.vigil.models.isolationforest;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelConfigException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of both isolation forest models, read once with precise errors: {@code contamination}
 * ("auto" or a number in (0, 0.5]), {@code seasonal_features}, {@code tz}, and under {@code args}
 * scikit-learn's {@code n_estimators}, {@code max_samples}, {@code max_features}, {@code bootstrap} and
 * {@code random_state}. An immutable value.
 *
 * @param contamination   the share of outliers the threshold is set for, or {@code NaN} for "auto"
 * @param seasonal        the names of {@code seasonal_features}, in order
 * @param zone            the zone of the seasonal features ({@code tz})
 * @param trees           {@code n_estimators}
 * @param maxSamplesCount {@code max_samples} as a count, or 0 for a fraction or "auto"
 * @param maxSamplesShare {@code max_samples} as a fraction of the rows, or {@code NaN} for a count or "auto"
 * @param maxFeaturesCount {@code max_features} as a count, or 0 for a fraction
 * @param maxFeaturesShare {@code max_features} as a fraction of the features, or {@code NaN} for a count
 * @param bootstrap       {@code bootstrap}
 * @param seed            {@code random_state}
 * @param beyondFitRange  {@code extend_beyond_fit_range}: whether the score keeps rising beyond the fit
 *     rows' range (Vigil) or is scikit-learn's exactly there too
 */
record ForestOptions(double contamination, List<String> seasonal, ZoneId zone, int trees, int maxSamplesCount,
                     double maxSamplesShare, int maxFeaturesCount, double maxFeaturesShare, boolean bootstrap,
                     long seed, boolean beyondFitRange) {

    /** The keys accepted under {@code args}. */
    static final List<String> SKLEARN_ARGS = List.of("n_estimators", "max_samples", "max_features", "bootstrap",
            "random_state");

    /** Reads the options from a model's arguments. */
    static ForestOptions read(ModelArgs args) {
        double contamination = contamination(args);
        List<String> seasonal = seasonal(args);
        boolean beyondFitRange = args.bool("extend_beyond_fit_range", true);
        String tz = args.string("tz", "UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(tz.trim());
        } catch (RuntimeException e) {
            throw args.error("tz", "must be an IANA time zone such as Europe/Berlin, got \"" + tz + "\"");
        }
        Map<String, Object> inner = args.map("args");
        Map<String, Object> prefixed = new LinkedHashMap<>();
        inner.forEach((k, v) -> prefixed.put("args." + k, v));
        ModelArgs a = new ModelArgs(args.model(), prefixed);
        int trees = a.integerAtLeast("args.n_estimators", IsolationForestModels.DEFAULT_N_ESTIMATORS, 1);
        int msCount = 0;
        double msShare = Double.NaN;
        Object ms = prefixed.get("args.max_samples");
        if (ms == null || ms instanceof String s && s.trim().equalsIgnoreCase("auto")) {
            a.string("args.max_samples", "auto");
        } else if (isWhole(ms)) {
            msCount = a.integerAtLeast("args.max_samples", 0, 1);
        } else {
            msShare = share(a, "args.max_samples", Double.NaN, "\"auto\", a whole number >= 1 or a fraction in (0, 1]");
        }
        int mfCount = 0;
        double mfShare = Double.NaN;
        Object mf = prefixed.get("args.max_features");
        if (mf != null && isWhole(mf)) {
            mfCount = a.integerAtLeast("args.max_features", 0, 1);
        } else {
            mfShare = share(a, "args.max_features", 1.0, "a whole number >= 1 or a fraction in (0, 1]");
        }
        boolean bootstrap = a.bool("args.bootstrap", false);
        long seed = a.integer("args.random_state", IsolationForestModels.DEFAULT_RANDOM_STATE);
        try {
            a.finish();
        } catch (ModelConfigException e) {
            throw new ModelConfigException(e.getMessage() + " (scikit-learn IsolationForest arguments supported under"
                    + " 'args': " + String.join(", ", SKLEARN_ARGS) + ")", "args");
        }
        return new ForestOptions(contamination, seasonal, zone, trees, msCount, msShare, mfCount, mfShare, bootstrap,
                seed, beyondFitRange);
    }

    /** A fraction in (0, 1], with an error that says every accepted form. */
    private static double share(ModelArgs a, String name, double def, String forms) {
        Object v = a.raw(name);
        try {
            return a.inRange(name, def, 0.0, true, 1.0, false);
        } catch (ModelConfigException e) {
            throw a.error(name, "must be " + forms + ", got " + (v instanceof String ? "\"" + v + "\"" : v));
        }
    }

    /** "auto" ({@code NaN}) or a number in (0, 0.5]; numeric strings are accepted, non-finite values are not. */
    private static double contamination(ModelArgs args) {
        Object v = args.has("contamination") ? args.raw("contamination") : null;
        if (v == null || v instanceof String s && s.trim().equalsIgnoreCase("auto")) {
            args.string("contamination", "auto");
            return Double.NaN;
        }
        double c;
        try {
            c = args.number("contamination", Double.NaN);
        } catch (ModelConfigException e) {
            throw args.error("contamination", "must be \"auto\" or a number in (0, 0.5], got \"" + v + "\"");
        }
        if (!(c > 0 && c <= 0.5)) {
            throw args.error("contamination", "must be \"auto\" or a number in (0, 0.5], got " + v);
        }
        return c;
    }

    private static List<String> seasonal(ModelArgs args) {
        List<String> names = args.strings("seasonal_features", List.of());
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!SeasonalFeatures.NAMES.contains(n)) {
                String near = ModelArgs.nearest(n, SeasonalFeatures.NAMES);
                throw args.error("seasonal_features", "contains \"" + name + "\""
                        + (near == null ? "" : " (did you mean \"" + near + "\"?)") + "; allowed: "
                        + String.join(", ", SeasonalFeatures.NAMES));
            }
            if (!seen.add(n)) {
                throw args.error("seasonal_features", "lists \"" + name + "\" twice");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /**
     * Whether a scikit-learn "int or float" argument is an int: an integral number type, or a numeric
     * string without a decimal point or exponent ({@code 1.0} is the float 1.0, as in Python).
     */
    private static boolean isWhole(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            return true;
        }
        if (v instanceof BigDecimal b) {
            return b.scale() <= 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            return !t.isEmpty() && t.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-' || ch == '+');
        }
        return false;
    }

    /** ψ for {@code n} training rows: "auto" = min(256, n), a count capped at n, a fraction ⌊share · n⌋ (at least 1). */
    int maxSamples(int n) {
        if (maxSamplesCount > 0) {
            return Math.min(maxSamplesCount, n);
        }
        if (!Double.isNaN(maxSamplesShare)) {
            return Math.max(1, (int) (maxSamplesShare * n));
        }
        return Math.min(IsolationForestModels.AUTO_MAX_SAMPLES, n);
    }

    /** Features per tree for {@code dims} features: a count (at most dims), or max(1, ⌊share · dims⌋). */
    int maxFeatures(String model, int dims) {
        if (maxFeaturesCount > 0) {
            if (maxFeaturesCount > dims) {
                throw new ModelConfigException("model '" + model + "': argument 'args.max_features' (" + maxFeaturesCount
                        + ") must not exceed the number of features, " + dims, "args");
            }
            return maxFeaturesCount;
        }
        return Math.max(1, (int) (maxFeaturesShare * dims));
    }
}

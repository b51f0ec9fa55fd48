package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered, implemented model saves and restores its state exactly: a restored model gives
 * bit-identical {@code infer} output (every column, extras included), and an online model
 * bit-identical {@code inferAndUpdate} output and {@code samplesSeen} over a sequence of batches,
 * whether the state is taken right after the fit or in the middle of the stream. A new model is
 * covered automatically: the suite fails until it has a state codec and declares its argument sets
 * in {@link #CASES}.
 */
class ModelStateTest {

    /** A few argument sets per model, chosen to reach every shape of its state. */
    static final Map<String, List<Map<String, Object>>> CASES = Map.ofEntries(
            Map.entry("model.zscore.ZscoreModel", List.of(Map.of(), Map.of("z_threshold", 3.5, "scale", List.of(1.5, 0.5)))),
            Map.entry("zscore_online", List.of(Map.of(), Map.of("decay", 0.999, "min_n_samples_seen", 5, "history_strength", 2))),
            Map.entry("model.mad.MADModel", List.of(Map.of(), Map.of("threshold", 3, "detection_direction", "above_expected"))),
            Map.entry("mad_online", List.of(Map.of(), Map.of("decay", 0.999),
                    Map.of("decay", 0.99, "compression", 50, "history_strength", 0.5))),
            Map.entry("quantile_online", List.of(Map.of(), Map.of("decay", 0.999),
                    Map.of("seasonal_interval", "1d", "min_subseason", "1h"),
                    Map.of("seasonal_interval", "1d", "min_subseason", "3h", "iqr_threshold", 1, "use_transform", true,
                            "global_smoothing", 0.2, "decay", 0.995, "history_strength", 3),
                    Map.of("seasonal_interval", "auto", "quantiles", List.of(0.05, 0.5, 0.95)))),
            Map.entry("rolling_quantile", List.of(Map.of("quantile", 0.9, "window_steps", 50),
                    Map.of("quantile", 0.99, "window_steps", 1000, "iqr_threshold", 1))),
            Map.entry("std", List.of(Map.of("period", 24), Map.of("period", "auto", "z_threshold", 3),
                    Map.of("period", 24, "decomposition", "stl", "robust", true))),
            Map.entry("holtwinters", List.of(Map.of("seasonality", "1d"),
                    Map.of("args", Map.of("trend", "add", "seasonal", "none")),
                    Map.of("seasonality", "1d", "args", Map.of("trend", "add", "damped_trend", true)),
                    Map.of("seasonality", "auto", "args", Map.of("seasonal", "mul", "use_boxcox", true)))),
            Map.entry("vigil_online", List.of(Map.of(), Map.of("levels", 16, "context_length", 12, "rest_period", 0),
                    Map.of("prediction_error", "last"), Map.of("prediction_error", "level", "short_window", 3),
                    Map.of("levels", 2, "context_length", 1, "short_window", 1, "long_window", 50, "rest_period", 500))),
            Map.entry("prophet", List.of(Map.of(),
                    Map.of("args", Map.of("growth", "flat", "interval_width", 0.98, "uncertainty_samples", 200)),
                    Map.of("seasonalities", List.of(Map.of("name", "half_day", "period", 0.5, "fourier_order", 3)),
                            "forecast_at", List.of("1h", "1d"), "tz_aware", true, "tz", "Europe/Berlin",
                            "tz_seasonalities", List.of("hod"),
                            "args", Map.of("seasonality_mode", "multiplicative", "n_changepoints", 5,
                                    "holidays", List.of(Map.of("holiday", "launch", "ds", List.of("2024-01-10"),
                                            "upper_window", 1)))))),
            Map.entry("isolation_forest_univariate", List.of(Map.of(), Map.of("contamination", 0.05),
                    Map.of("contamination", "0.1", "seasonal_features", List.of("hod", "dow"), "tz", "Europe/Berlin",
                            "args", Map.of("n_estimators", 20, "max_samples", 0.5, "bootstrap", true,
                                    "random_state", 7)))),
            Map.entry("isolation_forest_multivariate", List.of(Map.of(),
                    Map.of("seasonal_features", List.of("minute", "month"), "args", Map.of("max_features", 2)))),
            Map.entry("temporal_envelope", List.of(Map.of(),
                    Map.of("seasonalities", List.of("hod_spiky", "weekpart_plateau", "month_smooth"), "tz", "Europe/Berlin",
                            "holidays", Map.of("special_events", List.of("01-01", "2024-01-10"), "group", false)),
                    Map.of("seasonalities", List.of(), "quantiles", List.of(0.1, 0.9), "iqr_threshold", 1,
                            "changepoint_window", 4))),
            Map.entry("temporal_envelope_multivariate", List.of(Map.of(),
                    Map.of("seasonalities", List.of("hod_spiky"), "dependency_rank", 0, "score_aggregation", "max",
                            "tz", "Europe/Berlin"))));

    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    static final long HOUR = 3_600_000L;
    static final int FIT = 24 * 20;
    static final int N = 24 * 32;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String alias : ModelRegistry.standard().supportedModels().stream().filter(a -> ModelRegistry.standard().descriptor(a).topology() != ModelDescriptor.Topology.PEER).toList()) {
            List<Map<String, Object>> sets = CASES.get(alias);
            if (sets == null) {
                out.add(Arguments.of(alias, -1, Map.of()));
                continue;
            }
            for (int i = 0; i < sets.size(); i++) {
                out.add(Arguments.of(alias, i, sets.get(i)));
            }
        }
        return out.stream();
    }

    /** 10 + 3 sin(2π i / 24) + N(0, 0.5²), seeded, with NaN holes and one infinite value. */
    static Series series(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[N];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24) + 0.5 * r.nextGaussian();
            if (r.nextInt(25) == 0) {
                y[i] = Double.NaN;
            }
        }
        y[FIT + 30] = Double.POSITIVE_INFINITY;
        y[FIT + 50] += 8; // a spike
        return Series.of(t, y);
    }

    @Test
    void everyImplementedModel_hasACodecAndArgumentSets() {
        for (String alias : ModelRegistry.standard().supportedModels().stream().filter(a -> ModelRegistry.standard().descriptor(a).topology() != ModelDescriptor.Topology.PEER).toList()) {
            assertThat(ModelRegistry.standard().entry(alias).codec()).as("state codec of '%s'", alias).isNotNull();
            assertThat(CASES).as("argument sets of '%s' in ModelStateTest.CASES", alias).containsKey(alias);
        }
    }

    @ParameterizedTest(name = "{0} #{1} {2}")
    @MethodSource("cases")
    void restoredModel_bitIdenticalOutput(String alias, int set, Map<String, Object> args) throws IOException {
        if (set < 0) {
            fail("model '" + alias + "' is registered but declares no argument sets in ModelStateTest.CASES");
        }
        ModelSpec spec = ModelRegistry.standard().create(alias, args);
        Series s = series(alias.hashCode() + 31L * set);
        Series train = s.slice(0, FIT);
        Series rest = s.slice(FIT, N);
        FittedModel original = spec.fit(train);
        FittedModel restored = roundTrip(original);

        assertThat(restored.spec().alias()).isEqualTo(alias);
        assertThat(restored.spec().resolvedArgs()).isEqualTo(spec.resolvedArgs());
        assertThat(restored.getClass()).isEqualTo(original.getClass());
        assertSame(restored.infer(train), original.infer(train), "in-sample infer");
        assertSame(restored.infer(rest), original.infer(rest), "infer after the fit window");
        assertThat(ModelStates.toBytes(restored)).as("restored model saves to the same bytes")
                .isEqualTo(ModelStates.toBytes(original));
        if (!(original instanceof OnlineModel)) {
            return;
        }
        OnlineModel a = (OnlineModel) original;
        OnlineModel b = (OnlineModel) restored;
        assertThat(b.samplesSeen()).isEqualTo(a.samplesSeen());
        int[] cuts = {0, 1, 18, 40, 41, 140, 150, rest.size()};
        for (int k = 0; k + 1 < cuts.length; k++) {
            Series batch = rest.slice(cuts[k], cuts[k + 1]);
            assertSame(b.inferAndUpdate(batch), a.inferAndUpdate(batch), "inferAndUpdate batch " + k);
            assertThat(b.samplesSeen()).as("samplesSeen after batch %d", k).isEqualTo(a.samplesSeen());
            if (k == 3) {
                // Save mid-stream too: the restored copy must carry on exactly.
                b = (OnlineModel) roundTrip(b);
                assertThat(b.samplesSeen()).isEqualTo(a.samplesSeen());
            }
        }
        assertSame(b.infer(s), a.infer(s), "infer after the updates");
        assertThat(ModelStates.toBytes(b)).isEqualTo(ModelStates.toBytes(a));
    }

    @ParameterizedTest(name = "{0} #{1} {2}")
    @MethodSource("cases")
    void statesShareAStream_andSavingDoesNotChangeTheModel(String alias, int set, Map<String, Object> args)
            throws IOException {
        if (set < 0) {
            fail("model '" + alias + "' is registered but declares no argument sets in ModelStateTest.CASES");
        }
        ModelSpec spec = ModelRegistry.standard().create(alias, args);
        Series s = series(7L * set + 1);
        FittedModel a = spec.fit(s.slice(0, FIT));
        FittedModel twin = spec.fit(s.slice(0, FIT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelStates.write(a, out);
        ModelStates.write(a, out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        FittedModel first = ModelStates.read(in, spec, ModelRegistry.standard());
        FittedModel second = ModelStates.read(in);
        assertThat(in.available()).isZero();
        Series rest = s.slice(FIT, N);
        if (a instanceof OnlineModel) {
            // The saved model, never saved twin and both restored copies evolve alike.
            Prediction p = ((OnlineModel) twin).inferAndUpdate(rest);
            assertSame(((OnlineModel) a).inferAndUpdate(rest), p, "saved model");
            assertSame(((OnlineModel) first).inferAndUpdate(rest), p, "first restored");
            assertSame(((OnlineModel) second).inferAndUpdate(rest), p, "second restored");
        } else {
            Prediction p = twin.infer(rest);
            assertSame(a.infer(rest), p, "saved model");
            assertSame(first.infer(rest), p, "first restored");
            assertSame(second.infer(rest), p, "second restored");
        }
    }

    /**
     * Integer-valued data (counts) makes t-digest's tie-breaking and its in-place centroid updates
     * matter: the digests must restore with their generator and tree exactly.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("digestCases")
    void integerValuedData_digestModelsRestoreExactly(String alias, Map<String, Object> args) throws IOException {
        ModelSpec spec = ModelRegistry.standard().create(alias, args);
        Series s = series(3);
        double[] y = s.values();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.rint(y[i]);
        }
        Series counts = Series.of(s.timestamps(), y);
        OnlineModel a = (OnlineModel) spec.fit(counts.slice(0, FIT));
        Series rest = counts.slice(FIT, N);
        a.inferAndUpdate(rest.slice(0, 37));
        OnlineModel b = (OnlineModel) roundTrip(a);
        for (int from = 37; from < rest.size(); from += 29) {
            Series batch = rest.slice(from, Math.min(rest.size(), from + 29));
            assertSame(b.inferAndUpdate(batch), a.inferAndUpdate(batch), "batch at " + from);
        }
        assertThat(ModelStates.toBytes(b)).isEqualTo(ModelStates.toBytes(a));
    }

    static Stream<Arguments> digestCases() {
        return Stream.of(Arguments.of("mad_online", Map.of()), Arguments.of("mad_online", Map.of("decay", 0.999)),
                Arguments.of("quantile_online", Map.of("decay", 0.999)),
                Arguments.of("quantile_online", Map.of("seasonal_interval", "1d", "min_subseason", "6h",
                        "history_strength", 2)));
    }

    static FittedModel roundTrip(FittedModel m) throws IOException {
        return ModelStates.fromBytes(ModelStates.toBytes(m));
    }

    /** Every column bit for bit (raw IEEE 754 bits, so NaN payloads and signed zeros count). */
    static void assertSame(Prediction actual, Prediction expected, String what) {
        assertThat(actual.size()).as(what).isEqualTo(expected.size());
        assertThat(actual.extraNames()).as(what).isEqualTo(expected.extraNames());
        assertThat(actual.timestamps()).as(what).isEqualTo(expected.timestamps());
        List<String> cols = new ArrayList<>(List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper"));
        cols.addAll(expected.extraNames());
        for (String c : cols) {
            assertThat(bits(actual.column(c))).as("%s: column %s", what, c).isEqualTo(bits(expected.column(c)));
        }
    }

    private static long[] bits(double[] a) {
        return Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}

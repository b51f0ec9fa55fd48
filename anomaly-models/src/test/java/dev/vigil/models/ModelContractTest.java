package dev.vigil.models;

import dev.vigil.models.registry.ModelRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every supported model of {@link ModelRegistry#standard()} must meet. A new model is
 * covered automatically: the suite fails until it declares its {@link Case} (test arguments and the
 * behaviours its maths promises) in {@link #CASES}.
 */
class ModelContractTest {

    /**
     * What a model promises.
     *
     * @param args           arguments suited to the test series (hourly, daily season of 24 points)
     * @param minFitPoints   the fewest finite points it fits on (fewer: InsufficientDataException)
     * @param shiftInvariant scores unchanged when y is shifted by a constant
     * @param scaleInvariant scores unchanged when y is multiplied by a positive factor
     * @param numericArg     a numeric argument, used to check ill-typed values are reported
     * @param band           the model predicts {@code yhat} and a band (the score measures the distance to it)
     * @param plateauMax     the highest score a point of a constant series may get: 0.01 for band models,
     *                       whose {@code y == yhat} scores 0; 1 for an isolation forest, whose score is a
     *                       ratio to its threshold and which isolates no point of a constant series
     */
    record Case(Map<String, Object> args, int minFitPoints, boolean shiftInvariant, boolean scaleInvariant,
            String numericArg, boolean band, double plateauMax) {

        /** A band model. */
        Case(Map<String, Object> args, int minFitPoints, boolean shiftInvariant, boolean scaleInvariant,
                String numericArg) {
            this(args, minFitPoints, shiftInvariant, scaleInvariant, numericArg, true, 0.01);
        }
    }

    static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry("model.zscore.ZscoreModel", new Case(Map.of(), 1, true, true, "z_threshold")),
            Map.entry("zscore_online", new Case(Map.of(), 0, true, true, "z_threshold")),
            Map.entry("model.mad.MADModel", new Case(Map.of(), 1, true, true, "threshold")),
            Map.entry("mad_online", new Case(Map.of(), 0, true, true, "threshold")),
            Map.entry("quantile_online", new Case(Map.of("seasonal_interval", "1d", "min_subseason", "1h"), 0, true, true,
                    "iqr_threshold")),
            Map.entry("rolling_quantile", new Case(Map.of("quantile", 0.99, "window_steps", 240), 0, true, true,
                    "window_steps")),
            Map.entry("std", new Case(Map.of("period", 24), 48, true, true, "z_threshold")),
            // Prophet scales y by max|y|: scaling cancels, a shift changes how the priors bind. Its default
            // 80 % band leaves 20 % of normal points outside; the tutorial's 98 % suits this contract. The
            // test series has no trend: a linear trend fitted on the first 24 days and extrapolated over
            // 96 more drifts out of the band (as in R prophet), so it gets growth: flat.
            Map.entry("prophet", new Case(Map.of("args", Map.of("interval_width", 0.98, "growth", "flat")), 2, false, true,
                    "anomaly_score_outside_data_range")),
            Map.entry("holtwinters", new Case(Map.of("seasonality", "1d"), 48, true, true, "z_threshold")),
            // Axis-aligned splits at uniform thresholds in the node's range: affine maps of y give the same trees.
            // With contamination "auto" scikit-learn flags some 5-10 % of Gaussian-like points; 1 % suits this contract.
            Map.entry("isolation_forest_univariate", new Case(Map.of("contamination", 0.01), 2, true, true, "contamination",
                    false, 1.0)),
            // One channel through the univariate paths: the same forest as the univariate model.
            Map.entry("isolation_forest_multivariate", new Case(Map.of("contamination", 0.01), 2, true, true, "contamination",
                    false, 1.0)),
            // No rest period (default 35 points), so that row cut + 30 of the refit test is scored rather
            // than silenced after the first wild row.
            Map.entry("vigil_online", new Case(Map.of("rest_period", 0), 0, true, true, "rest_period")),
            Map.entry("temporal_envelope", new Case(Map.of(), 0, true, true, "iqr_threshold")),
            // One channel through the univariate paths: temporal_envelope's envelope.
            Map.entry("temporal_envelope_multivariate", new Case(Map.of(), 0, true, true, "dependency_rank")));

    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    static final long HOUR = 3_600_000L;
    static final int N = 24 * 120;

    static Stream<String> aliases() {
        // peer models score groups of series, never one series: their contract is the runner's peer stage
        return ModelRegistry.standard().supportedModels().stream().filter(a -> ModelRegistry.standard().descriptor(a).topology() != ModelDescriptor.Topology.PEER);
    }

    static Case caseOf(String alias) {
        Case c = CASES.get(alias);
        if (c == null) {
            fail("model '" + alias + "' is registered but declares no contract Case in ModelContractTest.CASES");
        }
        return c;
    }

    static ModelSpec spec(String alias) {
        return ModelRegistry.standard().create(alias, caseOf(alias).args());
    }

    static long[] hours(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
        }
        return t;
    }

    /** 10 + 3 sin(2π i / 24) + N(0, 0.5²), seeded. */
    static double[] seasonal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24) + 0.5 * r.nextGaussian();
        }
        return y;
    }

    static Prediction replay(String alias, double[] y) {
        Series s = Series.of(hours(y.length), y);
        return Replay.run(spec(alias), s, Replay.defaultFitPoints(y.length), null);
    }

    static void assertSamePrediction(Prediction a, Prediction b) {
        assertThat(a.size()).isEqualTo(b.size());
        assertThat(a.extraNames()).isEqualTo(b.extraNames());
        List<String> cols = new ArrayList<>(List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper"));
        cols.addAll(a.extraNames());
        for (String c : cols) {
            assertThat(a.column(c)).as(c).isEqualTo(b.column(c));
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_sameInput_identicalOutput(String alias) {
        double[] y = seasonal(N, 1);
        assertSamePrediction(replay(alias, y), replay(alias, y.clone()));
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_withRefits_scoreNeverDependsOnLaterRows(String alias) {
        // 30 days hourly: fit on 10 days, refit every 2 days on the last 10 days (5 refits at rows
        // 288, 336, ...). Rows after the cut differ wildly; rows before it must not notice.
        int n = 24 * 30;
        int cut = 24 * 21 + 5;
        double[] y = seasonal(n, 5);
        double[] changed = y.clone();
        for (int i = cut; i < n; i++) {
            changed[i] = 1e3 + 50 * Math.cos(i);
        }
        Refit refit = new Refit(Refit.Span.of(java.time.Duration.ofDays(2)), Refit.Span.ofRows(240));
        Prediction a = Replay.run(spec(alias), Series.of(hours(n), y), 240, refit, null);
        Prediction b = Replay.run(spec(alias), Series.of(hours(n), changed), 240, refit, null);
        Prediction prefix = Replay.run(spec(alias), Series.of(hours(cut), Arrays.copyOf(y, cut)), 240, refit, null);
        for (int i = 0; i < cut; i++) {
            assertThat(b.anomalyScore(i)).as("row %d with later rows changed", i).isEqualTo(a.anomalyScore(i));
            assertThat(prefix.anomalyScore(i)).as("row %d with later rows removed", i).isEqualTo(a.anomalyScore(i));
            // boxed: NaN (a model without yhat) equals NaN
            assertThat(Double.valueOf(b.yhat(i))).as("yhat row %d", i).isEqualTo(Double.valueOf(a.yhat(i)));
        }
        assertThat(a.anomalyScore(cut + 30)).isNotEqualTo(b.anomalyScore(cut + 30));
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_refitOnTrailingWindow_scoresMatchAModelFittedOnThatWindow(String alias) {
        // After the last refit (row 600, on rows 360..599) the replay must score exactly as a model
        // fitted on those rows and fed the rest (online models learn the rows they score).
        int n = 24 * 30;
        double[] y = seasonal(n, 6);
        Series s = Series.of(hours(n), y);
        Refit refit = new Refit(Refit.Span.ofRows(120), Refit.Span.ofRows(240));
        Prediction p = Replay.run(spec(alias), s, 240, refit, null);
        FittedModel m = spec(alias).fit(s.slice(360, 600));
        Series rest = s.slice(600, n);
        Prediction q = m instanceof OnlineModel ? ((OnlineModel) m).inferAndUpdate(rest) : m.infer(rest);
        for (int i = 600; i < n; i++) {
            assertThat(p.anomalyScore(i)).as("row %d", i).isEqualTo(q.anomalyScore(i - 600));
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_nanInput_nanScoreNoException(String alias) {
        double[] y = seasonal(N, 2);
        int[] holes = {3, 100, 101, 700, 1500, 1501, 2000, N - 1};
        for (int h : holes) {
            y[h] = Double.NaN;
        }
        y[1800] = Double.POSITIVE_INFINITY;
        Prediction p = replay(alias, y);
        for (int h : holes) {
            assertThat(p.anomalyScore(h)).as("row %d", h).isNaN();
        }
        assertThat(p.anomalyScore(1800)).isNaN();
        int finite = 0;
        for (int i = Replay.defaultFitPoints(N); i < N; i++) {
            if (Double.isFinite(y[i])) {
                assertThat(p.anomalyScore(i)).as("row %d", i).isNotNaN();
                finite++;
            }
        }
        assertThat(finite).isGreaterThan(N / 2);
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_spikeInNoisySeasonalSeries_spikeAboveOneFewNormalPointsAbove(String alias) {
        for (long seed = 10; seed < 13; seed++) {
            double[] y = seasonal(N, seed);
            int spike = (int) (N * 0.8) + 7;
            y[spike] += 20;
            Prediction p = replay(alias, y);
            assertThat(p.anomalyScore(spike)).as("spike score, seed %d", seed).isGreaterThan(1.0);
            int from = Replay.defaultFitPoints(N);
            int above = 0;
            for (int i = from; i < N; i++) {
                if (i != spike && p.anomalyScore(i) > 1.0) {
                    above++;
                }
            }
            assertThat(above / (double) (N - from)).as("share of normal points above 1, seed %d", seed)
                    .isLessThan(0.05);
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_constantSeries_zeroOnConstantAboveOneOnDeviation(String alias) {
        double[] y = new double[N];
        Arrays.fill(y, 5.0);
        int dev = N - 100;
        y[dev] = 6.0;
        Prediction p = replay(alias, y);
        for (int i = Replay.defaultFitPoints(N); i < dev; i++) {
            assertThat(p.anomalyScore(i)).as("row %d", i).isBetween(0.0, caseOf(alias).plateauMax());
        }
        assertThat(p.anomalyScore(dev)).isGreaterThan(1.0).isFinite();
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void fit_singlePointOrEmpty_fitsOrThrowsInsufficientData(String alias) {
        Case c = caseOf(alias);
        ModelSpec spec = spec(alias);
        Series one = Series.of(new long[] {T0}, new double[] {4.0});
        Series empty = Series.of(new long[0], new double[0]);
        Series next = Series.of(new long[] {T0 + HOUR, T0 + 2 * HOUR}, new double[] {4.0, Double.NaN});
        for (Series s : List.of(empty, one)) {
            if (s.finiteCount() < c.minFitPoints()) {
                assertThatThrownBy(() -> spec.fit(s)).isInstanceOf(InsufficientDataException.class)
                        .hasMessageContaining(alias);
            } else {
                FittedModel m = spec.fit(s);
                Prediction p = m.infer(next);
                assertThat(p.size()).isEqualTo(2);
                assertThat(p.anomalyScore(1)).isNaN();
                assertThat(m.infer(empty).size()).isZero();
                if (s.size() == 1) {
                    assertThat(p.anomalyScore(0)).isEqualTo(0.0);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_shiftedOrScaledInput_invariantScoresWhereDeclared(String alias) {
        Case c = caseOf(alias);
        double[] y = seasonal(N, 3);
        y[N - 50] += 15;
        double[] base = replay(alias, y).column("anomaly_score");
        if (c.shiftInvariant()) {
            double[] shifted = y.clone();
            for (int i = 0; i < N; i++) {
                shifted[i] += 1000;
            }
            assertClose(replay(alias, shifted).column("anomaly_score"), base, "shift");
        }
        if (c.scaleInvariant()) {
            double[] scaled = y.clone();
            for (int i = 0; i < N; i++) {
                scaled[i] *= 7.25;
            }
            assertClose(replay(alias, scaled).column("anomaly_score"), base, "scale");
        }
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s row %d", what, i)
                    .isCloseTo(expected[i], within(1e-6 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void inferAndUpdate_batchesOfOneOrAll_sameScoresAndInferHasNoSideEffect(String alias) {
        ModelSpec spec = spec(alias);
        if (!spec.isOnline()) {
            return;
        }
        double[] y = seasonal(N, 4);
        Series s = Series.of(hours(N), y);
        int fit = 600;
        OnlineModel a = (OnlineModel) spec.fit(s.slice(0, fit));
        OnlineModel b = (OnlineModel) spec.fit(s.slice(0, fit));
        OnlineModel c = a.copy();
        Prediction before = a.infer(s.slice(fit, N));
        assertSamePrediction(before, a.infer(s.slice(fit, N)));
        Prediction all = a.inferAndUpdate(s.slice(fit, N));
        double[] one = new double[N - fit];
        for (int i = fit; i < N; i++) {
            one[i - fit] = b.inferAndUpdate(s.slice(i, i + 1)).anomalyScore(0);
        }
        assertThat(one).isEqualTo(all.column("anomaly_score"));
        assertThat(a.samplesSeen()).isEqualTo(b.samplesSeen());
        // The copy taken before the updates is untouched by them.
        assertSamePrediction(c.infer(s.slice(fit, N)), before);
    }

    @Test
    void registry_everyVmanomalyAliasAndClassPath_resolves() {
        Map<String, String> vmanomaly = new HashMap<>();
        vmanomaly.put("zscore_online", "model.online.OnlineZscoreModel");
        vmanomaly.put("mad_online", "model.online.OnlineMADModel");
        vmanomaly.put("quantile_online", "model.online.OnlineQuantileModel");
        vmanomaly.put("rolling_quantile", "model.rolling_quantile.RollingQuantileModel");
        vmanomaly.put("std", "model.std.StdModel");
        vmanomaly.put("prophet", "model.prophet.ProphetModel");
        vmanomaly.put("holtwinters", "model.holtwinters.HoltWinters");
        vmanomaly.put("isolation_forest_multivariate", "model.isolation_forest.IsolationForestMultivariateModel");
        vmanomaly.put("isolation_forest_univariate", "model.isolation_forest.IsolationForestModel");
        vmanomaly.put("auto", "model.auto.AutoTunedModel");
        vmanomaly.put("temporal_envelope", "model.online.TemporalEnvelopeModel");
        vmanomaly.put("temporal_envelope_multivariate", "model.online.TemporalEnvelopeMultivariateModel");
        vmanomaly.put("peer_outlier", "model.online.PeerOutlierModel");
        vmanomaly.put("custom", "model.custom.CustomModel");
        // Vigil's own model, named in vmanomaly's style
        vmanomaly.put("vigil_online", "model.online.VigilOnlineModel");
        ModelRegistry r = ModelRegistry.standard();
        List<String> all = new ArrayList<>(vmanomaly.keySet());
        all.addAll(List.of("zscore", "mad"));
        assertThat(r.aliases()).containsExactlyInAnyOrderElementsOf(all);
        vmanomaly.forEach((alias, path) -> {
            assertThat(r.canonicalAlias(alias)).isEqualTo(alias);
            assertThat(r.canonicalAlias(path)).as(path).isEqualTo(alias);
            assertThat(r.entry(path)).isSameAs(r.entry(alias));
        });
        for (String alias : aliases().toList()) {
            Map<String, Object> args = caseOf(alias).args();
            assertThat(r.create(alias, args).alias()).isEqualTo(alias);
            if (vmanomaly.containsKey(alias)) {
                assertThat(r.create(vmanomaly.get(alias), args).alias()).isEqualTo(alias);
            }
        }
    }

    @Test
    void registry_zscoreAndMad_meanTheOnlineModels_offlineOnesKeepTheirClassPaths() {
        // vmanomaly v1.28.4: "Migrate MADModel and ZScoreModel to their respective online model
        // implementations by default"; the offline versions are deprecated and warn when used.
        ModelRegistry r = ModelRegistry.standard();
        assertThat(r.canonicalAlias("zscore")).isEqualTo("zscore_online");
        assertThat(r.canonicalAlias("mad")).isEqualTo("mad_online");
        assertThat(r.create("zscore", Map.of("z_threshold", 3)).isOnline()).isTrue();
        assertThat(r.create("mad", Map.of("threshold", 3)).alias()).isEqualTo("mad_online");
        assertThat(r.canonicalAlias("model.zscore.ZscoreModel")).isEqualTo("model.zscore.ZscoreModel");
        assertThat(r.canonicalAlias("model.mad.MADModel")).isEqualTo("model.mad.MADModel");
        assertThat(r.create("model.zscore.ZscoreModel", Map.of()).isOnline()).isFalse();
        assertThat(r.create("model.mad.MADModel", Map.of()).isOnline()).isFalse();
        assertThat(r.supportedAliases()).contains("zscore", "mad").doesNotContain("model.zscore.ZscoreModel");
        assertThat(r.supportedModels()).contains("model.zscore.ZscoreModel", "model.mad.MADModel")
                .doesNotContain("zscore", "mad");
        assertThat(r.notice("zscore")).hasValueSatisfying(n -> assertThat(n).contains("zscore_online", "v1.28.4"));
        assertThat(r.notice("mad")).hasValueSatisfying(n -> assertThat(n).contains("mad_online"));
        assertThat(r.notice("model.mad.MADModel")).hasValueSatisfying(n -> assertThat(n).contains("deprecated"));
        assertThat(r.notice("zscore_online")).isEmpty();
        assertThat(r.notice("model.online.OnlineZscoreModel")).isEmpty();
    }

    @Test
    void registry_unknownName_listsKnownModels() {
        assertThatThrownBy(() -> ModelRegistry.standard().create("zscor_online", Map.of()))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("zscor_online").hasMessageContaining("did you mean 'zscore_online'")
                .hasMessageContaining("mad_online").hasMessageContaining("rolling_quantile");
    }

    @Test
    void create_ignoredKeys_areDroppedBeforeTheModelReadsItsArguments() {
        Map<String, Object> section = Map.of("class", "zscore", "queries", List.of("q"), "z_threshold", 3);
        assertThatThrownBy(() -> ModelRegistry.standard().create("zscore", section))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("unknown argument 'class'").hasMessageContaining("unknown argument 'queries'");
        ModelSpec s = ModelRegistry.standard().create("zscore", section, Set.of("class", "queries", "schedulers"));
        assertThat(s.resolvedArgs()).containsEntry("z_threshold", 3.0).doesNotContainKeys("class", "queries");
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void create_unknownOrIllTypedArg_namesArgAndModel(String alias) {
        Case c = caseOf(alias);
        Map<String, Object> unknown = new HashMap<>(c.args());
        unknown.put("no_such_arg", 1);
        assertThatThrownBy(() -> ModelRegistry.standard().create(alias, unknown))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'" + alias + "'").hasMessageContaining("no_such_arg");
        Map<String, Object> bad = new HashMap<>(c.args());
        bad.put(c.numericArg(), "abc");
        assertThatThrownBy(() -> ModelRegistry.standard().create(alias, bad))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'" + alias + "'").hasMessageContaining(c.numericArg())
                .hasMessageContaining("abc");
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void spec_outputs_includeBandAndResolvedArgsHoldDefaults(String alias) {
        ModelSpec s = spec(alias);
        if (caseOf(alias).band()) {
            assertThat(s.availableOutputs()).contains("yhat", "yhat_lower", "yhat_upper");
        } else {
            assertThat(s.availableOutputs()).doesNotContain("yhat", "yhat_lower", "yhat_upper");
        }
        Prediction p = replay(alias, seasonal(400, 5));
        for (String extra : p.extraNames()) {
            assertThat(s.availableOutputs()).contains(extra);
        }
        assertThat(s.resolvedArgs()).isNotEmpty();
    }
}

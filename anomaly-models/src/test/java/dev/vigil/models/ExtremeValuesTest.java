package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered model at the edges of the double range: values near {@link Double#MAX_VALUE}, of
 * both signs, mixed with ordinary values, {@code NaN} and infinities. Fitting either succeeds or
 * fails with {@link InsufficientDataException} / {@link ModelConfigException}; a finite input never
 * scores {@code NaN} or infinity ({@code NaN} and infinite inputs score {@code NaN}, the missing
 * marker). Models that declare scale invariance score a series multiplied by 1e307 as the original.
 *
 * <p>Not yet robust, skipped with the reason: {@code std} (its running sums overflow near the double
 * maximum and its scores turn NaN) and {@code mad_online} on values alternating between ±MAX_VALUE
 * (t-digest's own consistency check fails on centroids whose weighted sums overflow).
 */
class ExtremeValuesTest {

    static final double MAX = Double.MAX_VALUE;
    static final int N = ModelContractTest.N;

    static java.util.stream.Stream<String> aliases() {
        return ModelContractTest.aliases();
    }

    /** Models, and the scenarios, that do not meet this contract yet. */
    static void assumeRobust(String alias, String scenario) {
        assumeFalse(alias.equals("std"), "std: running sums overflow near the double maximum");
        assumeFalse(alias.equals("mad_online") && scenario.equals("alternating"),
                "mad_online: t-digest centroids of values alternating between ±MAX_VALUE overflow");
    }

    static double[] base() {
        return ModelContractTest.seasonal(N, 3);
    }

    static double[] scaled(double factor) {
        double[] y = base();
        for (int i = 0; i < N; i++) {
            y[i] *= factor;
        }
        return y;
    }

    /** Ordinary values with a few at ±MAX_VALUE in the fit window and after it, and missing markers. */
    static double[] mixed() {
        double[] y = base();
        int[] at = {5, 50, 700, 1500, 2200, 2500};
        for (int k = 0; k < at.length; k++) {
            y[at[k]] = k % 2 == 0 ? MAX : -MAX;
        }
        y[2600] = Double.NaN;
        y[2601] = Double.POSITIVE_INFINITY;
        y[2602] = Double.NEGATIVE_INFINITY;
        y[2603] = -MAX;
        y[2604] = MAX;
        return y;
    }

    /** Replays the series; null when the fit refused the data with a model exception. */
    static Prediction replayOrRefused(String alias, double[] y) {
        try {
            return ModelContractTest.replay(alias, y);
        } catch (InsufficientDataException | ModelConfigException e) {
            assertThat(e.getMessage()).as("message of %s", e).contains(alias);
            return null;
        }
    }

    static void assertScoresFinite(String alias, double[] y, Prediction p) {
        for (int i = Replay.defaultFitPoints(N); i < N; i++) {
            double s = p.anomalyScore(i);
            if (Double.isFinite(y[i])) {
                assertThat(Double.isFinite(s)).as("%s: score %s of finite y %s at row %d", alias, s, y[i], i).isTrue();
                assertThat(s).as("%s row %d", alias, i).isGreaterThanOrEqualTo(0.0);
            } else {
                assertThat(s).as("%s: score of %s at row %d", alias, y[i], i).isNaN();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_valuesNearTheDoubleMaximum_finiteScoresAsOrdinaryValues(String alias) {
        assumeRobust(alias, "near");
        double[] ref = scoresAfterFit(ModelContractTest.replay(alias, base()));
        for (double factor : new double[] {1e307, -1e307}) {
            double[] y = scaled(factor);
            Prediction p = ModelContractTest.replay(alias, y);
            assertScoresFinite(alias, y, p);
            // zscore_online's running variance (a sum of squares in its saved state) cannot hold values
            // this large: it ignores the points it cannot learn, scores stay finite but not invariant.
            if (ModelContractTest.caseOf(alias).scaleInvariant() && factor > 0 && !alias.equals("zscore_online")) {
                double[] s = scoresAfterFit(p);
                // t-digests place centroids by relative position, so sketches differ slightly; others match.
                double refMax = Arrays.stream(ref).max().orElseThrow();
                assertThat(Arrays.stream(s).max().orElseThrow()).as("%s max score x%s", alias, factor)
                        .isBetween(refMax * 0.8, refMax * 1.25);
                assertThat(Arrays.stream(s).average().orElseThrow()).as("%s mean score x%s", alias, factor)
                        .isCloseTo(Arrays.stream(ref).average().orElseThrow(),
                                org.assertj.core.data.Percentage.withPercentage(10));
            }
        }
        double[] near = base();
        for (int i = 0; i < N; i++) {
            near[i] = MAX * (0.9 + 0.01 * (near[i] - 10));
        }
        Prediction p = ModelContractTest.replay(alias, near);
        assertScoresFinite(alias, near, p);
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_ordinaryValuesMixedWithExtremesAndMissing_finiteScoresForFiniteInputs(String alias) {
        assumeRobust(alias, "mixed");
        double[] y = mixed();
        Prediction p = replayOrRefused(alias, y);
        if (p != null) {
            assertScoresFinite(alias, y, p);
            // vigil_online scores novelty: +MAX was seen four times before (fit window included), so
            // it is familiar, not an anomaly (a first +MAX is: infer_extremesAfterAnOrdinaryFit_*).
            if (!alias.equals("vigil_online")) {
                assertThat(p.anomalyScore(2604)).as("%s: +MAX after ordinary values", alias).isGreaterThan(1.0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void replay_alternatingPlusMinusMax_refusedOrFiniteScores(String alias) {
        assumeRobust(alias, "alternating");
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 2 == 0 ? MAX : -MAX;
        }
        Prediction p = replayOrRefused(alias, y);
        if (p != null) {
            assertScoresFinite(alias, y, p);
        }
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void infer_extremesAfterAnOrdinaryFit_finiteScoresAndTheModelKeepsWorking(String alias) {
        assumeRobust(alias, "after fit");
        double[] y = base();
        int fit = Replay.defaultFitPoints(N);
        long[] t = ModelContractTest.hours(N);
        FittedModel m = ModelContractTest.spec(alias).fit(Series.of(t, y).slice(0, fit));
        double[] extremes = {MAX, -MAX, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
                Double.MIN_VALUE};
        double[] next = Arrays.copyOfRange(y, fit, N);
        for (int k = 0; k < extremes.length; k++) {
            next[10 + 7 * k] = extremes[k];
        }
        Series s = Series.of(Arrays.copyOfRange(t, fit, N), next);
        Prediction p = m instanceof OnlineModel o ? o.inferAndUpdate(s) : m.infer(s);
        for (int i = 0; i < next.length; i++) {
            double sc = p.anomalyScore(i);
            if (Double.isFinite(next[i])) {
                assertThat(Double.isFinite(sc)).as("%s: score %s of %s at row %d", alias, sc, next[i], i).isTrue();
            } else {
                assertThat(sc).as("%s row %d", alias, i).isNaN();
            }
        }
        assertThat(p.anomalyScore(10)).as("%s: MAX_VALUE after ordinary values", alias).isGreaterThan(1.0);
        assertThat(p.anomalyScore(17)).as("%s: -MAX_VALUE after ordinary values", alias).isGreaterThan(1.0);
    }

    private static double[] scoresAfterFit(Prediction p) {
        double[] s = new double[N - Replay.defaultFitPoints(N)];
        for (int i = 0; i < s.length; i++) {
            s[i] = p.anomalyScore(Replay.defaultFitPoints(N) + i);
        }
        return s;
    }
}

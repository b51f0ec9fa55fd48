package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with R prophet 1.0 (Debian r-cran-prophet) on the fixtures of make_fixtures.R. Each
 * case's model arguments mirror the R call in that script.
 *
 * <p>Each case has two R references: prophet's defaults, and the same model refitted with Stan's
 * L-BFGS run to convergence. Prophet's default tolerances stop L-BFGS early, short of the Laplace
 * prior's exact optimum (on nab_ec2_cpu that alone moves R's own yhat by 2.8 % of std(y)); our
 * solver reaches the optimum, so its objective must be no worse than either R fit's.
 *
 * <p>Tolerances: yhat RMS over history and a 1-day horizon ≤ 2 % of std(y) against converged R, and
 * against default R unless R's early stop alone moves it more (then ≤ that distance + 0.5 %);
 * seasonal coefficients β within 0.02 of default R and 1e-3 of converged R, changepoint rate changes
 * δ within 0.05 of converged R where it reaches our objective (scaled units: y / max|y|, t in
 * [0, 1]); σ within 2 % of R's; the share of history points inside the band within 2 percentage
 * points of R's.
 */
@Tag("functional")
class ProphetConformanceTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nab_ec2_cpu", Map.of()),
                Arguments.of("nab_nyc_taxi", Map.of("args", Map.of("interval_width", 0.98))),
                Arguments.of("synth_trend_changes", Map.of()),
                Arguments.of("synth_daily_weekly", Map.of()),
                Arguments.of("synth_multiplicative", Map.of("args", Map.of("seasonality_mode", "multiplicative"))),
                Arguments.of("synth_gaps", Map.of()),
                Arguments.of("synth_holidays", Map.of(
                        "seasonalities", List.of(Map.of("name", "halfday", "period", 0.5, "fourier_order", 2,
                                "prior_scale", 3)),
                        "args", Map.of(
                                "holidays", List.of(Map.of("holiday", "event", "ds", List.of("2024-03-09", "2024-03-23"),
                                        "lower_window", 0, "upper_window", 1, "prior_scale", 5)),
                                "weekly_seasonality", false,
                                "daily_seasonality", 3,
                                "changepoints", List.of("2024-03-10 00:00:00", "2024-03-16 00:00:00",
                                        "2024-03-22 00:00:00")))),
                Arguments.of("synth_flat", Map.of("args", Map.of("growth", "flat"))));
    }

    private static ProphetFit fit(RFixture fx, Map<String, Object> args) {
        ProphetSpec spec = (ProphetSpec) ModelRegistry.standard().create("prophet", args);
        return ((ProphetSpec.Fitted) spec.fit(fx.input())).state();
    }

    private static double rms(double[] a, double[] b) {
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            ss += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(ss / a.length);
    }

    /**
     * Against R's converged MAP the bound holds everywhere. Against R with its default
     * optimiser settings it holds too, except where R's early stop alone moves R's own forecast by
     * more: then ours must be no farther from R-default than R-converged is (plus 0.5 % of std).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predict_rFixture_yhatWithinTwoPercentOfStd(String name, Map<String, Object> args) {
        RFixture fx = RFixture.load(name);
        ProphetFit f = fit(fx, args);
        ProphetFit.Forecast fc = f.predict(fx.forecastMs(), false);
        double std = std(fx.input().values());
        double vsDefault = rms(fc.yhat(), fx.column("yhat")) / std;
        double vsConverged = rms(fc.yhat(), fx.convergedYhat()) / std;
        double rSelf = rms(fx.convergedYhat(), fx.column("yhat")) / std;
        System.out.printf("%s: yhat rms / std: vs R %.4f%%, vs R converged %.4f%%, R vs R converged %.4f%%;"
                + " sigma %.6g vs R %.6g%n", name, 100 * vsDefault, 100 * vsConverged, 100 * rSelf, f.sigma,
                fx.param("sigma_obs"));
        assertThat(vsConverged).isLessThanOrEqualTo(0.02);
        assertThat(vsDefault).isLessThanOrEqualTo(Math.max(0.02, rSelf + 0.005));
        assertThat(f.yScale).isCloseTo(fx.param("y_scale"), org.assertj.core.data.Offset.offset(1e-6 * f.yScale));
        assertThat(f.changepointsT).containsExactly(fx.params("changepoints_t"),
                org.assertj.core.data.Offset.offset(1e-8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fit_rFixture_parametersCloseToR(String name, Map<String, Object> args) {
        RFixture fx = RFixture.load(name);
        ProphetFit f = fit(fx, args);
        double[] rd = fx.params("delta");
        double[] rb = fx.params("beta");
        double maxD = maxAbsDiff(f.delta, rd);
        double maxB = maxAbsDiff(f.beta, rb);
        System.out.printf("%s: max|dDelta| %.3g max|dBeta| %.3g k %.5g/%.5g m %.5g/%.5g%n", name, maxD, maxB, f.k,
                fx.param("k"), f.m, fx.param("m"));
        double ours = f.negLogPosterior(fx.input().timestamps(), fx.input().values(), f.k, f.m, f.delta, f.beta,
                f.sigma);
        double theirs = f.negLogPosterior(fx.input().timestamps(), fx.input().values(), fx.param("k"), fx.param("m"),
                rd, rb, fx.param("sigma_obs"));
        double conv = f.negLogPosterior(fx.input().timestamps(), fx.input().values(), fx.convergedParam("k"),
                fx.convergedParam("m"), fx.convergedParams("delta"), fx.convergedParams("beta"),
                fx.convergedParam("sigma_obs"));
        double[] cd = fx.convergedParams("delta");
        double[] cb = fx.convergedParams("beta");
        System.out.printf("%s: objective ours %.10g R %.10g R converged %.10g; vs converged max|dDelta| %.3g"
                + " max|dBeta| %.3g%n", name, ours, theirs, conv, maxAbsDiff(f.delta, cd), maxAbsDiff(f.beta, cb));
        // Our MAP is at least as good as Stan's, converged or not (1e-9 relative: rounding of the fixtures).
        assertThat(ours).isLessThanOrEqualTo(theirs + 1e-9 * Math.abs(theirs));
        assertThat(ours).isLessThanOrEqualTo(conv + 1e-9 * Math.abs(conv));
        assertThat(f.delta).hasSameSizeAs(rd);
        assertThat(f.beta).hasSameSizeAs(rb);
        // Seasonal coefficients are well determined: close to both R fits.
        assertThat(maxB).isLessThanOrEqualTo(0.02);
        assertThat(maxAbsDiff(f.beta, cb)).isLessThanOrEqualTo(1e-3);
        // Rate changes of neighbouring changepoints are nearly collinear, so δ is only determined at
        // the optimum itself: compare with R where its converged fit reaches our objective (within
        // 0.05); elsewhere Stan stops short (nyc_taxi, trend_changes) and the objective check above
        // is the comparison.
        if (conv <= ours + 0.05) {
            assertThat(maxAbsDiff(f.delta, cd)).isLessThanOrEqualTo(0.05);
        }
        assertThat(f.sigma).isCloseTo(fx.param("sigma_obs"), org.assertj.core.data.Percentage.withPercentage(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predict_rFixture_historyCoverageWithinTwoPoints(String name, Map<String, Object> args) {
        RFixture fx = RFixture.load(name);
        ProphetFit f = fit(fx, args);
        ProphetFit.Forecast fc = f.predict(fx.forecastMs(), true);
        int in = 0;
        int n = 0;
        for (int i = 0; i < fx.input().size(); i++) {
            double y = fx.input().value(i);
            if (Double.isFinite(y)) {
                n++;
                if (y >= fc.lower()[i] && y <= fc.upper()[i]) {
                    in++;
                }
            }
        }
        double cov = (double) in / n;
        // Horizon: the band width of the last point against R's (trend uncertainty included).
        int last = fx.forecastMs().length - 1;
        double ours = fc.upper()[last] - fc.lower()[last];
        double rs = fx.column("yhat_upper")[last] - fx.column("yhat_lower")[last];
        System.out.printf("%s: coverage %.4f vs R %.4f; horizon width %.4g vs R %.4g%n", name, cov,
                fx.param("coverage"), ours, rs);
        assertThat(Math.abs(cov - fx.param("coverage"))).isLessThanOrEqualTo(0.02);
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double std(double[] v) {
        double s = 0;
        double s2 = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                s2 += x * x;
                n++;
            }
        }
        double mean = s / n;
        return Math.sqrt(Math.max(0, s2 / n - mean * mean));
    }
}

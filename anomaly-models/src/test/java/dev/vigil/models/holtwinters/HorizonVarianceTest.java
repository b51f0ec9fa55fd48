package dev.vigil.models.holtwinters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link EsFit#horizonVarianceFactor}: closed form, brute force, simulation, and the widening band. */
class HorizonVarianceTest {

    private static EsFit fit(int trend, boolean damped, int seasonal, int m, double alpha, double beta, double gamma,
            double phi) {
        int mm = seasonal == Smoother.NONE ? 0 : m;
        double[] p = new double[Smoother.SEASON0 + mm];
        p[Smoother.ALPHA] = alpha;
        p[Smoother.BETA] = beta;
        p[Smoother.GAMMA] = gamma;
        p[Smoother.PHI] = phi;
        EsConfig c = new EsConfig(trend, damped, seasonal, m, EsConfig.Init.ESTIMATED, Double.NaN, alpha, beta, gamma,
                phi, Double.NaN, Double.NaN, null);
        return new EsFit(c, p, Double.NaN, 0, 1, 0, 0, new double[mm], 0, new double[0]);
    }

    /** {@code 1 + Σ_{j<h} c_j²} summed term by term. */
    private static double bruteForce(EsFit f, long h) {
        EsConfig c = f.config();
        double b = c.trend() == Smoother.NONE ? 0 : f.alpha() * f.beta();
        double g = c.seasonal() == Smoother.NONE ? 0 : f.gamma();
        double sum = 1;
        double gj = 0;
        double pow = 1;
        for (long j = 1; j < h; j++) {
            pow *= c.damped() ? f.phi() : 1;
            gj += c.damped() ? pow : 1;
            double cj = f.alpha() + b * gj + (c.seasonal() != Smoother.NONE && j % c.m() == 0 ? g : 0);
            sum += cj * cj;
        }
        return sum;
    }

    @Test
    void horizonVarianceFactor_oneStepOrBefore_isOne() {
        EsFit f = fit(Smoother.ADD, true, Smoother.ADD, 24, 0.5, 0.1, 0.2, 0.9);
        assertThat(f.horizonVarianceFactor(1)).isEqualTo(1.0);
        assertThat(f.horizonVarianceFactor(0)).isEqualTo(1.0);
    }

    @Test
    void horizonVarianceFactor_simpleSmoothing_isOnePlusHMinusOneAlphaSquared() {
        EsFit f = fit(Smoother.NONE, false, Smoother.NONE, 0, 0.3, 0, 0, 1);
        assertThat(f.horizonVarianceFactor(10)).isCloseTo(1 + 9 * 0.09, within(1e-12));
    }

    @Test
    void horizonVarianceFactor_everyForm_equalsTermByTermSum() {
        SplittableRandom r = new SplittableRandom(7);
        int[] trends = {Smoother.NONE, Smoother.ADD};
        int[] seasons = {Smoother.NONE, Smoother.ADD};
        for (int trial = 0; trial < 200; trial++) {
            int trend = trends[r.nextInt(2)];
            boolean damped = trend != Smoother.NONE && r.nextBoolean();
            int seasonal = seasons[r.nextInt(2)];
            int m = 2 + r.nextInt(30);
            EsFit f = fit(trend, damped, seasonal, m, r.nextDouble(), r.nextDouble(), r.nextDouble(),
                    0.8 + 0.19 * r.nextDouble());
            long h = 1 + r.nextInt(400);
            double expected = bruteForce(f, h);
            assertThat(f.horizonVarianceFactor(h)).as("trial %d: %s, h=%d", trial, f.config().describe(), h)
                    .isCloseTo(expected, within(1e-9 * expected));
        }
    }

    /**
     * Simulates the statsmodels-form recursions (as in {@link Smoother}) with Gaussian one-step errors
     * from a fixed state and compares the spread of the h-steps-ahead forecast errors with σ² v_h.
     */
    @Test
    @Tag("functional")
    void horizonVarianceFactor_matchesSimulatedForecastErrors() {
        double alpha = 0.4;
        double beta = 0.3;
        double gamma = 0.25;
        double phi = 0.9;
        int m = 5;
        int maxH = 13;
        EsFit f = fit(Smoother.ADD, true, Smoother.ADD, m, alpha, beta, gamma, phi);
        SplittableRandom r = new SplittableRandom(42);
        int reps = 40_000;
        double[] sumSq = new double[maxH + 1];
        for (int rep = 0; rep < reps; rep++) {
            // The forecast is the path with zero errors; by linearity the error is the noisy path minus it.
            double l = 0;
            double b = 0;
            double[] s = new double[m];
            for (int h = 1; h <= maxH; h++) {
                int ph = (h - 1) % m;
                double yhat = l + phi * b + s[ph];
                double y = yhat + r.nextGaussian();
                double lNew = alpha * (y - s[ph]) + (1 - alpha) * (l + phi * b);
                double bNew = beta * (lNew - l) + (1 - beta) * phi * b;
                s[ph] = gamma * (y - l - phi * b) + (1 - gamma) * s[ph];
                l = lNew;
                b = bNew;
                sumSq[h] += (y - 0) * (y - 0);
            }
        }
        for (int h = 1; h <= maxH; h++) {
            double empirical = sumSq[h] / reps;
            assertThat(empirical).as("h=%d", h).isCloseTo(f.horizonVarianceFactor(h), within(0.04 * f.horizonVarianceFactor(h)));
        }
    }

    @Test
    void infer_afterTheFitWindow_bandWidensWithHorizonAndStartsAtOneStepWidth() {
        Series train = HoltWintersSpecTest.daily(24 * 14, 3, 50);
        HoltWintersSpec spec = (HoltWintersSpec) HoltWintersSpecTest.spec(Map.of("seasonality", "1d"));
        HoltWintersSpec.Fitted fitted = (HoltWintersSpec.Fitted) spec.fit(train);
        long last = train.timestamp(train.size() - 1);
        int h = 48;
        long[] t = new long[h + 1];
        double[] y = new double[h + 1];
        t[0] = last;
        for (int i = 1; i <= h; i++) {
            t[i] = last + i * HoltWintersSpecTest.HOUR;
        }
        Prediction p = fitted.infer(Series.of(t, y));
        double inSample = p.yhatUpper(0) - p.yhat(0);
        double oneStep = p.yhatUpper(1) - p.yhat(1);
        assertThat(oneStep).isCloseTo(inSample, within(1e-9 * inSample));
        for (int i = 2; i <= h; i++) {
            double half = p.yhatUpper(i) - p.yhat(i);
            assertThat(half).as("step %d", i).isGreaterThanOrEqualTo(p.yhatUpper(i - 1) - p.yhat(i - 1) - 1e-12);
            assertThat(half).isCloseTo(inSample * Math.sqrt(fitted.esFit().horizonVarianceFactor(i)),
                    within(1e-9 * half));
            assertThat(p.yhat(i) - p.yhatLower(i)).isCloseTo(half, within(1e-9 * half));
        }
        assertThat(p.yhatUpper(h) - p.yhat(h)).isGreaterThan(inSample);
    }
}

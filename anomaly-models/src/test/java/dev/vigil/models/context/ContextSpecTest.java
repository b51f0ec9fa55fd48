package dev.vigil.models.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.registry.ModelStates;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContextSpecTest {

    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    private static final long MINUTE = 60_000L;

    /** Per-minute 100 + 10 sin(2π i / 60) + N(0, 1), seeded; a spike of +{@code spike} at {@code at} when >= 0. */
    private static Series wave(int n, long seed, int at, double spike) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * MINUTE;
            y[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 60) + r.nextGaussian();
        }
        if (at >= 0) {
            y[at] += spike;
        }
        return Series.of(t, y);
    }

    private static OnlineModel fit(Series s, int fitPoints, Map<String, Object> args) {
        return (OnlineModel) ModelRegistry.standard().create("vigil_online", args).fit(s.slice(0, fitPoints));
    }

    @Test
    void inferAndUpdate_spikeRightAfterFit_scoresAboveOneAtOnce() {
        // fit replays the window: the very first point after a (re)fit is judged by a warm model
        Series s = wave(3000, 1, 2000, 40);
        OnlineModel m = fit(s, 2000, Map.of());
        Prediction p = m.inferAndUpdate(s.slice(2000, 2010));
        assertThat(p.anomalyScore(0)).isGreaterThan(1.0);
        assertThat(p.yhat(0)).isCloseTo(100, within(15.0));
    }

    @Test
    void inferAndUpdate_slowSlideOutOfRange_detectedOnce() {
        // After the fit, the wave's bottom keeps sliding down by 0.3 a point (about 1 % of the range per
        // step): the range of all values seen would follow the slide point by point and never be broken
        // by 5 %; the range seen before the last short_window points is.
        for (long seed = 1; seed <= 3; seed++) {
            Series w = wave(2300, seed, -1, 0);
            long[] t = new long[2300];
            double[] y = new double[2300];
            double bottom = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 2000; i++) {
                bottom = Math.min(bottom, w.value(i));
            }
            for (int i = 0; i < 2300; i++) {
                t[i] = w.timestamp(i);
                y[i] = i < 2200 ? w.value(i) : bottom - 0.3 * (i - 2199);
            }
            Series s = Series.of(t, y);
            OnlineModel m = fit(s, 2000, Map.of());
            Prediction p = m.inferAndUpdate(s.slice(2000, 2300));
            int first = -1;
            int alarms = 0;
            for (int i = 0; i < p.size(); i++) {
                if (p.anomalyScore(i) > 1) {
                    first = first < 0 ? i : first;
                    alarms++;
                }
            }
            assertThat(first).as("seed %d: first detection", seed).isBetween(200, 200 + 2 * ContextModels.DEFAULT_SHORT_WINDOW);
            // the slide goes on: the rest period keeps it one detection
            assertThat(alarms).as("seed %d: detections", seed).isEqualTo(1);
        }
    }

    @Test
    void inferAndUpdate_spikeInSeasonalNoise_oneDetectionThenRest() {
        for (long seed = 1; seed <= 5; seed++) {
            Series s = wave(6000, seed, 5000, 40);
            OnlineModel m = fit(s, 2000, Map.of());
            Prediction p = m.inferAndUpdate(s.slice(2000, 6000));
            int spike = 3000;
            assertThat(p.anomalyScore(spike)).as("seed %d", seed).isGreaterThan(1.0);
            for (int i = spike + 1; i <= spike + ContextModels.DEFAULT_REST_PERIOD; i++) {
                assertThat(p.anomalyScore(i)).as("seed %d, rest point %d", seed, i).isLessThan(1e-6);
            }
            int alarms = 0;
            for (int i = 0; i < p.size(); i++) {
                alarms += i != spike && p.anomalyScore(i) > 1 ? 1 : 0;
            }
            // 4000 normal points: the threshold 1 is meant for alerting, false alarms must be rare
            assertThat(alarms).as("seed %d: false alarms", seed).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void inferAndUpdate_newPatternAtSameLevels_raisesTheScore() {
        // a sine that suddenly oscillates twice as fast stays inside the seen range: only the
        // contexts (the order of the levels) are new
        int n = 6000;
        long[] t = new long[n];
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * MINUTE;
            double period = i < 5000 ? 60 : 7;
            y[i] = 10 * Math.sin(2 * Math.PI * i / period) + 0.3 * r.nextGaussian();
        }
        Series s = Series.of(t, y);
        OnlineModel m = fit(s, 3000, Map.of());
        Prediction p = m.inferAndUpdate(s.slice(3000, n));
        double before = 0;
        for (int i = 0; i < 2000; i++) {
            before = Math.max(before, p.anomalyScore(i));
        }
        double after = 0;
        for (int i = 2000; i < 2040; i++) {
            after = Math.max(after, p.anomalyScore(i));
        }
        assertThat(before).isLessThan(1.0);
        assertThat(after).isGreaterThan(1.0);
    }

    @Test
    void inferAndUpdate_affineTransform_sameScores() {
        // seeded property: scores depend on ranks within the fit range, not on units
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 5; trial++) {
            Series s = wave(3000, trial, 2500, 30);
            double a = Math.scalb(1.0, r.nextInt(-20, 20));
            double b = Math.rint(r.nextDouble(-1e3, 1e3));
            double[] y2 = new double[s.size()];
            for (int i = 0; i < y2.length; i++) {
                y2[i] = (s.value(i) + b) * a;
            }
            Series s2 = Series.of(s.timestamps(), y2);
            Prediction p1 = fit(s, 1500, Map.of()).inferAndUpdate(s.slice(1500, 3000));
            Prediction p2 = fit(s2, 1500, Map.of()).inferAndUpdate(s2.slice(1500, 3000));
            for (int i = 0; i < p1.size(); i++) {
                assertThat(p2.anomalyScore(i)).as("trial %d row %d", trial, i)
                        .isCloseTo(p1.anomalyScore(i), within(1e-6 * Math.max(1, p1.anomalyScore(i))));
            }
        }
    }

    @Test
    void inferAndUpdate_predictionErrorAffineTransform_sameScores() {
        // the errors are measured in widths of the fit range: no units either
        SplittableRandom r = new SplittableRandom(12);
        for (String mode : new String[] {"level", "last"}) {
            for (int trial = 0; trial < 3; trial++) {
                Series s = wave(3000, trial, 2500, 30);
                double a = Math.scalb(1.0, r.nextInt(-20, 20));
                double b = Math.rint(r.nextDouble(-1e3, 1e3));
                double[] y2 = new double[s.size()];
                for (int i = 0; i < y2.length; i++) {
                    y2[i] = (s.value(i) + b) * a;
                }
                Series s2 = Series.of(s.timestamps(), y2);
                Map<String, Object> args = Map.of("prediction_error", mode);
                Prediction p1 = fit(s, 1500, args).inferAndUpdate(s.slice(1500, 3000));
                Prediction p2 = fit(s2, 1500, args).inferAndUpdate(s2.slice(1500, 3000));
                for (int i = 0; i < p1.size(); i++) {
                    assertThat(p2.anomalyScore(i)).as("%s trial %d row %d", mode, trial, i)
                            .isCloseTo(p1.anomalyScore(i), within(1e-6 * Math.max(1, p1.anomalyScore(i))));
                }
            }
        }
    }

    @Test
    void inferAndUpdate_predictionErrorOnNoiseBurst_detectsWithFewFalseAlarms() {
        // the noise grows fourfold inside the seen range: the mean jump from the previous value grows
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 6000;
            int burst = 5000;
            long[] t = new long[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = T0 + i * MINUTE;
                y[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 60) + (i >= burst ? 4 : 1) * r.nextGaussian();
                y[i] = Math.max(88, Math.min(112, y[i]));
            }
            Series s = Series.of(t, y);
            Prediction p = fit(s, 2000, Map.of("prediction_error", "last")).inferAndUpdate(s.slice(2000, n));
            int first = burst - 2000;
            double max = 0;
            for (int i = first; i < first + 30; i++) {
                max = Math.max(max, p.anomalyScore(i));
            }
            assertThat(max).as("seed %d: burst", seed).isGreaterThan(1.0);
            int alarms = 0;
            for (int i = 0; i < first; i++) {
                alarms += p.anomalyScore(i) > 1 ? 1 : 0;
            }
            // two detectors, the smaller tail probability doubled: score 1 stays rare on normal points
            assertThat(alarms).as("seed %d: false alarms", seed).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void readState_version1WithPredictionError_refusedClearly() throws Exception {
        byte[] v1;
        try (var in = ContextSpecTest.class.getClassLoader()
                .getResourceAsStream("dev/vigil/models/state/fixtures/vigil_online.v1.state")) {
            v1 = in.readAllBytes();
        }
        assertThat(ModelStates.fromBytes(v1).infer(wave(50, 5, -1, 0)).size()).isEqualTo(50);
        ModelSpec withErrors = ModelRegistry.standard().create("vigil_online", Map.of("prediction_error", "last"));
        assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(v1), withErrors, ModelRegistry.standard()))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("version 1")
                .hasMessageContaining("prediction_error");
    }

    @Test
    void readState_version2_readsWithTheRangeOfEveryValueAndScoresRangeBreaks() throws Exception {
        byte[] v2;
        try (var in = ContextSpecTest.class.getClassLoader()
                .getResourceAsStream("dev/vigil/models/state/fixtures/vigil_online.v2.state")) {
            v2 = in.readAllBytes();
        }
        OnlineModel m = (OnlineModel) ModelStates.fromBytes(v2);
        // a value far outside everything the model has seen breaks the range read from the old state at
        // once, before any recent value was read
        Prediction p = m.inferAndUpdate(Series.of(new long[] {T0 + 60 * MINUTE}, new double[] {1e6}));
        assertThat(p.anomalyScore(0)).isGreaterThan(1.0);
        assertThat(m.inferAndUpdate(wave(50, 6, -1, 0)).size()).isEqualTo(50);
    }

    @Test
    void inferAndUpdate_nonFinite_scoresNaNAndIsNotLearned() {
        Series s = wave(200, 4, -1, 0);
        OnlineModel m = fit(s, 100, Map.of());
        long seen = m.samplesSeen();
        Prediction p = m.inferAndUpdate(Series.of(new long[] {T0 + 500 * MINUTE, T0 + 501 * MINUTE},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY}));
        assertThat(p.anomalyScore(0)).isNaN();
        assertThat(p.anomalyScore(1)).isNaN();
        assertThat(m.samplesSeen()).isEqualTo(seen);
    }

    @Test
    void fit_emptyOrFlatWindow_stillScores() {
        long[] t = new long[50];
        double[] flat = new double[50];
        for (int i = 0; i < 50; i++) {
            t[i] = T0 + i * MINUTE;
            flat[i] = 5.0;
        }
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("vigil_online", Map.of())
                .fit(Series.of(new long[0], new double[0]));
        assertThat(m.samplesSeen()).isZero();
        OnlineModel f = fit(Series.of(t, flat), 50, Map.of());
        Prediction p = f.inferAndUpdate(Series.of(new long[] {T0 + 60 * MINUTE}, new double[] {9.0}));
        // a flat history has no range to break, but a new level is a new context
        assertThat(p.anomalyScore(0)).isGreaterThan(0.0).isFinite();
    }

    @Test
    void create_badArguments_namesArgumentAndValue() {
        assertThatThrownBy(() -> ModelRegistry.standard().create("vigil_online", Map.of("levels", 17)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("levels").hasMessageContaining("17");
        assertThatThrownBy(() -> ModelRegistry.standard().create("vigil_online", Map.of("context_length", 0)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("context_length");
        assertThatThrownBy(() -> ModelRegistry.standard().create("vigil_online", Map.of("tail_digits", -1)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("tail_digits");
        assertThatThrownBy(() -> ModelRegistry.standard().create("vigil_online", Map.of("prediction_error", "mean")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("prediction_error")
                .hasMessageContaining("mean");
        assertThatThrownBy(() -> ModelRegistry.standard().create("vigil_online", Map.of("decay", 0.99)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("decay").hasMessageContaining("long_window");
    }

    @Test
    void builder_sameSpecAsMap() {
        assertThat(ContextModels.builder().levels(12).contextLength(3).restPeriod(10).predictionError("last").build()
                .resolvedArgs()).isEqualTo(ModelRegistry.standard().create("vigil_online",
                        Map.of("levels", 12, "context_length", 3, "rest_period", 10, "prediction_error", "last"))
                        .resolvedArgs());
    }

    @Test
    void upperTail_knownValues() {
        // relative error below 2.2e-6 (the fit's worst case, near 0)
        assertThat(ContextDetector.upperTail(0)).isCloseTo(0.5, within(0.5 * 2.2e-6));
        assertThat(ContextDetector.upperTail(1.959963985)).isCloseTo(0.025, within(0.025 * 2.2e-6));
        assertThat(ContextDetector.upperTail(4.264890794)).isCloseTo(1e-5, within(1e-5 * 2.2e-6));
        assertThat(ContextDetector.upperTail(-1.959963985)).isCloseTo(0.975, within(0.025 * 2.2e-6));
    }
}

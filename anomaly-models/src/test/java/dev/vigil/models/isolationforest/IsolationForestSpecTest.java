package dev.vigil.models.isolationforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.registry.ModelRegistry;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsolationForestSpecTest {

    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z, a Monday
    static final long HOUR = 3_600_000L;

    static ModelSpec create(String alias, Map<String, Object> args) {
        return ModelRegistry.standard().create(alias, args);
    }

    static long[] hours(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
        }
        return t;
    }

    static double[] gauss(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextGaussian();
        }
        return y;
    }

    @Test
    void create_defaults_resolvedAsScikitLearnWithAFixedSeed() {
        ModelSpec s = create("isolation_forest_univariate", Map.of());
        assertThat(s.resolvedArgs()).containsEntry("contamination", "auto").containsEntry("tz", "UTC")
                .containsEntry("seasonal_features", List.of());
        ForestOptions o = ((IsolationForestSpec) s).options();
        assertThat(o.trees()).isEqualTo(100);
        assertThat(o.maxSamples(10_000)).isEqualTo(256);
        assertThat(o.maxSamples(100)).isEqualTo(100);
        assertThat(o.maxFeatures("m", 5)).isEqualTo(5);
        assertThat(o.bootstrap()).isFalse();
        assertThat(o.seed()).isEqualTo(IsolationForestModels.DEFAULT_RANDOM_STATE);
        assertThat(Double.isNaN(o.contamination())).isTrue();
        assertThat(s.provideSeries()).containsExactly("anomaly_score");
        assertThat(s.availableOutputs()).isEmpty();
        assertThat(s.isOnline()).isFalse();
    }

    @Test
    void create_classPaths_resolveToBothModels() {
        assertThat(create("model.isolation_forest.IsolationForestModel", Map.of()).alias())
                .isEqualTo("isolation_forest_univariate");
        ModelSpec m = create("model.isolation_forest.IsolationForestMultivariateModel", Map.of());
        assertThat(m.alias()).isEqualTo("isolation_forest_multivariate");
        assertThat(m).isInstanceOf(MultivariateSpec.class);
        assertThat(create("isolation_forest_univariate", Map.of())).isNotInstanceOf(MultivariateSpec.class);
    }

    @Test
    void create_contaminationForms_acceptedAsNumbersOrNumericStrings() {
        for (Object v : List.of(0.1, "0.1", " 0.1 ", 0.5, "AUTO", "auto")) {
            ModelSpec s = create("isolation_forest_univariate", Map.of("contamination", v));
            double c = ((IsolationForestSpec) s).options().contamination();
            if (v.toString().trim().equalsIgnoreCase("auto")) {
                assertThat(Double.isNaN(c)).isTrue();
            } else {
                assertThat(c).isEqualTo(Double.parseDouble(v.toString().trim()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.1", "0.51", "1", "nan", "inf", "-inf", "often"})
    void create_badContamination_preciseError(String v) {
        for (String alias : List.of("isolation_forest_univariate", "isolation_forest_multivariate")) {
            assertThatThrownBy(() -> create(alias, Map.of("contamination", v)))
                    .isInstanceOf(ModelConfigException.class)
                    .hasMessageContaining("'" + alias + "'").hasMessageContaining("'contamination'")
                    .hasMessageContaining("\"auto\" or a number in (0, 0.5]").hasMessageContaining(v)
                    .satisfies(e -> assertThat(((ModelConfigException) e).argument()).isEqualTo("contamination"));
        }
    }

    @Test
    void create_sklearnArgs_readWithTheirIntOrFloatMeaning() {
        ForestOptions o = ((IsolationForestSpec) create("isolation_forest_multivariate", Map.of("args",
                Map.of("n_estimators", 7, "max_samples", 64, "max_features", 2, "bootstrap", "true",
                        "random_state", 3)))).options();
        assertThat(o.trees()).isEqualTo(7);
        assertThat(o.maxSamples(1000)).isEqualTo(64);
        assertThat(o.maxSamples(50)).isEqualTo(50);
        assertThat(o.maxFeatures("m", 4)).isEqualTo(2);
        assertThat(o.bootstrap()).isTrue();
        assertThat(o.seed()).isEqualTo(3);
        ForestOptions f = ((IsolationForestSpec) create("isolation_forest_multivariate", Map.of("args",
                Map.of("max_samples", 0.25, "max_features", 0.5)))).options();
        assertThat(f.maxSamples(1000)).isEqualTo(250);
        assertThat(f.maxFeatures("m", 5)).isEqualTo(2);
        ForestOptions one = ((IsolationForestSpec) create("isolation_forest_multivariate", Map.of("args",
                Map.of("max_samples", 1.0, "max_features", "1")))).options();
        assertThat(one.maxSamples(1000)).as("1.0 is the float: every row").isEqualTo(1000);
        assertThat(one.maxFeatures("m", 5)).as("\"1\" is the int: one feature").isEqualTo(1);
    }

    @Test
    void create_unknownOrBadSklearnArgs_preciseErrors() {
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("n_estimator", 10))))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("unknown argument 'args.n_estimator'")
                .hasMessageContaining("did you mean 'args.n_estimators'")
                .hasMessageContaining("n_estimators, max_samples, max_features, bootstrap, random_state");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("n_jobs", 4))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("'args.n_jobs'");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("n_estimators", 0))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.n_estimators");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("max_samples", 1.5))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.max_samples")
                .hasMessageContaining("a fraction in (0, 1], got 1.5");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("max_samples", "most"))))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'args.max_samples' must be \"auto\", a whole number >= 1 or a fraction in (0, 1],"
                        + " got \"most\"");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", Map.of("max_features", 0))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.max_features");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("args", "many")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("'args'");
        ModelSpec tooMany = create("isolation_forest_univariate", Map.of("args", Map.of("max_features", 3)));
        assertThatThrownBy(() -> tooMany.fit(Series.of(hours(10), gauss(10, 1))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.max_features")
                .hasMessageContaining("(3)").hasMessageContaining("1");
    }

    @Test
    void create_seasonalFeatures_validated() {
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("seasonal_features", List.of("hour"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("\"hour\"")
                .hasMessageContaining("minute, hod, dow, month");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("seasonal_features", List.of("hod", "hod"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("tz", "Mars/Olympus")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("Mars/Olympus");
        assertThat(create("isolation_forest_univariate", Map.of("seasonal_features", "hod, dow")).resolvedArgs())
                .containsEntry("seasonal_features", List.of("hod", "dow"));
    }

    @Test
    void create_yhatInProvideSeries_refused() {
        assertThatThrownBy(() -> create("isolation_forest_univariate", Map.of("provide_series", List.of("yhat"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("yhat");
        assertThat(create("isolation_forest_univariate", Map.of("provide_series", List.of("anomaly_score", "y")))
                .provideSeries()).containsExactly("anomaly_score", "y");
    }

    @Test
    void fit_sameSeed_identicalScoresOtherSeed_otherTrees() {
        Series s = Series.of(hours(2000), gauss(2000, 3));
        ModelSpec a = create("isolation_forest_univariate", Map.of("args", Map.of("random_state", 5)));
        ModelSpec b = create("isolation_forest_univariate", Map.of("args", Map.of("random_state", 5)));
        ModelSpec c = create("isolation_forest_univariate", Map.of("args", Map.of("random_state", 6)));
        double[] sa = a.fit(s).infer(s).column("anomaly_score");
        assertThat(b.fit(s).infer(s).column("anomaly_score")).isEqualTo(sa);
        assertThat(a.fit(s).infer(s).column("anomaly_score")).isEqualTo(sa);
        double[] sc = c.fit(s).infer(s).column("anomaly_score");
        assertThat(sc).isNotEqualTo(sa);
        // another seed, another forest: close on average all the same
        double diff = 0;
        for (int i = 0; i < sa.length; i++) {
            diff += Math.abs(sa[i] - sc[i]);
        }
        assertThat(diff / sa.length).isLessThan(0.03);
    }

    @Test
    void score_rowByRowOrInBlocks_bitIdentical() {
        // rows are walked four at a time in blocks of Forest.BLOCK; a row's score must not depend on that
        int n = 2 * Forest.BLOCK + 7;
        SplittableRandom r = new SplittableRandom(12);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {r.nextGaussian(), r.nextGaussian() * 3};
        }
        rows[5] = new double[] {Double.NaN, 1};
        MultivariateModel m = IsolationForestModels.builder().trees(30).buildMultivariate().fit(hours(n), rows);
        double[] all = m.score(hours(n), rows);
        for (int i = 0; i < n; i++) {
            double one = m.score(new long[] {hours(n)[i]}, new double[][] {rows[i]})[0];
            assertThat(Double.doubleToRawLongBits(one)).as("row %d", i).isEqualTo(Double.doubleToRawLongBits(all[i]));
        }
    }

    @Test
    void infer_outlierAndDataRange_scoreAboveOneAndOutsideScore() {
        double[] y = gauss(1000, 4);
        ModelSpec spec = create("isolation_forest_univariate", Map.of("contamination", 0.02, "data_range",
                List.of(-50, 50), "anomaly_score_outside_data_range", 7.5));
        FittedForest m = (FittedForest) spec.fit(Series.of(hours(1000), y));
        Prediction p = m.infer(Series.of(new long[] {T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR},
                new double[] {0.0, 9.0, 60.0, Double.NaN}));
        assertThat(p.anomalyScore(0)).isBetween(0.0, 1.0);
        assertThat(p.anomalyScore(1)).isGreaterThan(1.0);
        assertThat(p.anomalyScore(2)).isEqualTo(7.5);
        assertThat(p.anomalyScore(3)).isNaN();
        assertThat(p.yhat(0)).isNaN();
        assertThat(m.offset()).isLessThan(-0.5);
        // the training rows: about 2 % above 1, as contamination says
        double[] train = m.infer(Series.of(hours(1000), y)).column("anomaly_score");
        long above = Arrays.stream(train).filter(v -> v > 1).count();
        assertThat(above).isBetween(15L, 20L);
    }

    @Test
    void score_beyondFitRange_keepsRisingWithDistanceTowardsTheBound() {
        double[] y = gauss(2000, 21);
        FittedForest m = (FittedForest) create("isolation_forest_univariate", Map.of()).fit(Series.of(hours(2000), y));
        double max = Arrays.stream(y).max().orElseThrow();
        double min = Arrays.stream(y).min().orElseThrow();
        double range = max - min;
        double[] xs = {max, max + 0.01 * range, max + 0.1 * range, max + range, max + 10 * range, max + 1e6 * range,
            min - range};
        long[] ts = new long[xs.length];
        double[][] rows = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            ts[i] = T0;
            rows[i] = new double[] {xs[i]};
        }
        double[] s = m.score(ts, rows);
        for (int i = 1; i < 6; i++) {
            assertThat(s[i]).as("%s beyond the maximum scores above %s", xs[i], xs[i - 1]).isGreaterThan(s[i - 1]);
        }
        // the path of the maximum shortened by e / (R + e): one range beyond keeps half of it
        double pathAtMax = -Math.log(-s[0] * m.offset()) / Math.log(2);
        assertThat(s[3]).isCloseTo(-Math.pow(2, -pathAtMax / 2) / m.offset(), within(1e-9));
        assertThat(s[5]).as("far beyond: towards 1 / |offset_|").isCloseTo(2.0, within(1e-5)).isLessThanOrEqualTo(2.0);
        assertThat(s[6]).as("one range below the minimum").isGreaterThan(1.0);
        // continuous at the boundary: a value just above the maximum scores as the maximum
        double[] edge = m.score(new long[] {T0}, new double[][] {{max + 1e-12 * range}});
        assertThat(edge[0]).isCloseTo(s[0], within(1e-9));
    }

    @Test
    void score_insideFitRange_exactlyScikitLearnsPathScore() {
        double[] y = gauss(1000, 22);
        FittedForest m = (FittedForest) create("isolation_forest_univariate", Map.of()).fit(Series.of(hours(1000), y));
        double[] x = {y[0], y[1], 0.0, Arrays.stream(y).max().orElseThrow(), Arrays.stream(y).min().orElseThrow()};
        double[] sums = new double[x.length];
        m.forest().pathSums(x, x.length, sums);
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = new double[] {x[i]};
        }
        double[] s = m.score(new long[x.length], rows);
        for (int i = 0; i < x.length; i++) {
            assertThat(s[i]).isEqualTo(m.forest().scoreSample(sums[i]) / m.offset());
        }
    }

    @Test
    void score_extendBeyondFitRangeFalse_flatBeyondTheRangeAsScikitLearnAndSameInside() {
        double[] y = gauss(1000, 24);
        Series fit = Series.of(hours(1000), y);
        FittedForest plain = (FittedForest) create("isolation_forest_univariate",
                Map.of("extend_beyond_fit_range", false)).fit(fit);
        FittedForest extended = (FittedForest) create("isolation_forest_univariate", Map.of()).fit(fit);
        double max = Arrays.stream(y).max().orElseThrow();
        double range = max - Arrays.stream(y).min().orElseThrow();
        long[] ts = {T0, T0, T0, T0};
        double[][] rows = {{y[3]}, {max}, {max + range}, {max + 100 * range}};
        double[] p = plain.score(ts, rows);
        double[] e = extended.score(ts, rows);
        assertThat(p[2]).as("scikit-learn: beyond the maximum scores as the maximum").isEqualTo(p[1]);
        assertThat(p[3]).isEqualTo(p[1]);
        assertThat(e[0]).as("inside the range both are scikit-learn's").isEqualTo(p[0]);
        assertThat(e[1]).isEqualTo(p[1]);
        assertThat(e[2]).isGreaterThan(p[2]);
        assertThat(e[3]).isGreaterThan(e[2]);
    }

    @Test
    void multivariate_oneChannelBeyondRange_scoresAboveTheInRangeEdge() {
        SplittableRandom r = new SplittableRandom(23);
        int n = 1000;
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {r.nextGaussian(), 100 + 10 * r.nextGaussian()};
        }
        MultivariateModel m = IsolationForestModels.builder().buildMultivariate().fit(hours(n), rows);
        double hi1 = Arrays.stream(rows).mapToDouble(v -> v[1]).max().orElseThrow();
        double[] s = m.score(new long[] {T0, T0, T0}, new double[][] {{0, hi1}, {0, hi1 + 50}, {0, hi1 + 500}});
        assertThat(s[1]).isGreaterThan(s[0]);
        assertThat(s[2]).isGreaterThan(s[1]);
    }

    @Test
    void fit_constantOrQuantisedSeries_unseenValueIsolatedSeenValueNot() {
        double[] y = new double[500];
        Arrays.fill(y, 5.0);
        FittedForest m = (FittedForest) create("isolation_forest_univariate", Map.of()).fit(Series.of(hours(500), y));
        double[] s = m.score(new long[] {T0, T0}, new double[][] {{5.0}, {5.000001}});
        assertThat(s[0]).as("the constant itself: on the threshold, not above").isCloseTo(1.0, within(1e-12));
        assertThat(s[1]).as("any other value: isolated at once").isCloseTo(2.0, within(1e-12));
        // values 0..4 repeated: an unseen value between them is isolated sooner than a seen one
        double[] q = new double[1000];
        for (int i = 0; i < q.length; i++) {
            q[i] = i % 5;
        }
        FittedForest mq = (FittedForest) create("isolation_forest_univariate", Map.of()).fit(Series.of(hours(1000), q));
        double[] sq = mq.score(new long[] {T0, T0}, new double[][] {{2.0}, {2.5}});
        assertThat(sq[1]).isGreaterThan(sq[0] + 0.2);
    }

    @Test
    void fit_tooFewPoints_insufficientData() {
        ModelSpec s = create("isolation_forest_univariate", Map.of());
        assertThatThrownBy(() -> s.fit(Series.of(new long[] {T0, T0 + HOUR}, new double[] {1.0, Double.NaN})))
                .isInstanceOf(InsufficientDataException.class).hasMessageContaining("isolation_forest_univariate")
                .hasMessageContaining("got 1");
        // two points fit: ψ = 2, c(2) = 1
        FittedForest m = (FittedForest) s.fit(Series.of(new long[] {T0, T0 + HOUR}, new double[] {1.0, 2.0}));
        assertThat(m.forest().maxSamples).isEqualTo(2);
    }

    @Test
    void multivariate_libraryApi_fitRowsScoreRows() {
        int n = 3000;
        SplittableRandom r = new SplittableRandom(8);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian();
            rows[i] = new double[] {z, 2 * z + 0.1 * r.nextGaussian(), r.nextGaussian()};
        }
        rows[17] = new double[] {0.0, Double.NaN, 0.0};
        MultivariateSpec spec = IsolationForestModels.builder().contamination(0.01).buildMultivariate();
        MultivariateModel m = spec.fit(hours(n), rows);
        assertThat(m.channels()).isEqualTo(3);
        // row 1 is far out in every channel (axis-aligned trees see a broken correlation only partly)
        double[] s = m.score(hours(3), new double[][] {{0.1, 0.2, 0.0}, {3.5, -7.0, 3.5}, {0, Double.NaN, 0}});
        assertThat(s[0]).isLessThan(1.0);
        assertThat(s[1]).isGreaterThan(1.0);
        assertThat(s[2]).isNaN();
        assertThat(m.score(new long[0], new double[0][])).isEmpty();
        assertThatThrownBy(() -> m.score(hours(1), new double[][] {{1.0, 2.0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 channels, expected 3");
        assertThatThrownBy(() -> m.score(hours(2), new double[][] {{1.0, 2.0, 3.0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 rows for 2 timestamps");
        assertThatThrownBy(() -> m.infer(Series.of(hours(1), new double[] {1.0})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 channels");
        assertThat(m.describe()).contains("isolation_forest_multivariate", "trees=100");
    }

    @Test
    void multivariate_oneChannel_sameScoresAsUnivariate() {
        double[] y = gauss(800, 9);
        double[][] rows = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            rows[i] = new double[] {y[i]};
        }
        Map<String, Object> args = Map.of("contamination", 0.05, "seasonal_features", List.of("hod"));
        FittedForest u = (FittedForest) create("isolation_forest_univariate", args).fit(Series.of(hours(800), y));
        MultivariateModel m = ((MultivariateSpec) create("isolation_forest_multivariate", args)).fit(hours(800), rows);
        assertThat(m.score(hours(800), rows)).isEqualTo(u.infer(Series.of(hours(800), y)).column("anomaly_score"));
    }

    @Test
    void seasonalFeatures_cyclicalEncodingOfLocalTime() {
        SeasonalFeatures f = new SeasonalFeatures(List.of("minute", "hod", "dow", "month"), ZoneId.of("Europe/Berlin"));
        assertThat(f.width()).isEqualTo(8);
        double[] out = new double[8];
        // 2024-07-03T22:15Z = Thursday 2024-07-04 00:15 in Berlin (UTC+2)
        long t = java.time.Instant.parse("2024-07-03T22:15:00Z").toEpochMilli();
        f.write(f.cursor(), t, out, 0);
        double[] expected = {Math.sin(2 * Math.PI * 15 / 60), Math.cos(2 * Math.PI * 15 / 60), 0, 1,
            Math.sin(2 * Math.PI * 3 / 7), Math.cos(2 * Math.PI * 3 / 7), Math.sin(2 * Math.PI * 6 / 12),
            Math.cos(2 * Math.PI * 6 / 12)};
        for (int i = 0; i < 8; i++) {
            assertThat(out[i]).as("feature %d", i).isCloseTo(expected[i], within(1e-12));
        }
        // one cursor over a year of hours (two DST changes), forwards and backwards: the hour of the zone
        SeasonalFeatures hod = new SeasonalFeatures(List.of("hod"), ZoneId.of("Europe/Berlin"));
        SeasonalFeatures.Cursor c = hod.cursor();
        double[] h = new double[2];
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < 24 * 366; k++) {
                long tk = T0 + (pass == 0 ? k : 24 * 366 - 1 - k) * HOUR;
                hod.write(c, tk, h, 0);
                int hour = java.time.Instant.ofEpochMilli(tk).atZone(ZoneId.of("Europe/Berlin")).getHour();
                assertThat(h[0]).as("hour %d", k).isCloseTo(Math.sin(2 * Math.PI * hour / 24), within(1e-12));
                assertThat(h[1]).as("hour %d", k).isCloseTo(Math.cos(2 * Math.PI * hour / 24), within(1e-12));
            }
        }
        for (long day = -800_000; day < 800_000; day += 997) {
            assertThat(SeasonalFeatures.monthOfEpochDay(day)).as("day %d", day)
                    .isEqualTo(java.time.LocalDate.ofEpochDay(day).getMonthValue());
        }
    }

    @Test
    void averagePathLength_scikitLearnValues() {
        assertThat(Forest.averagePathLength(0)).isEqualTo(0.0);
        assertThat(Forest.averagePathLength(1)).isEqualTo(0.0);
        assertThat(Forest.averagePathLength(2)).isEqualTo(1.0);
        // 2 (ln 255 + γ) - 2 · 255 / 256
        assertThat(Forest.averagePathLength(256)).isCloseTo(10.244770920119917, within(1e-12));
        assertThat(ForestFitter.depthLimit(256)).isEqualTo(8);
        assertThat(ForestFitter.depthLimit(257)).isEqualTo(9);
        assertThat(ForestFitter.depthLimit(1)).isEqualTo(1);
        assertThat(ForestFitter.depthLimit(3)).isEqualTo(2);
    }

    @Test
    void builder_sameAsMapForm() {
        ModelSpec b = IsolationForestModels.builder().contamination(0.03).seasonalFeatures("hod").trees(50)
                .maxSamples(128).maxFeaturesShare(0.5).bootstrap(true).randomState(9)
                .timeZone(ZoneId.of("Asia/Tokyo")).build();
        Map<String, Object> args = new HashMap<>();
        args.put("contamination", 0.03);
        args.put("seasonal_features", List.of("hod"));
        args.put("tz", "Asia/Tokyo");
        args.put("args", Map.of("n_estimators", 50, "max_samples", 128, "max_features", 0.5, "bootstrap", true,
                "random_state", 9));
        assertThat(b.resolvedArgs()).isEqualTo(create("isolation_forest_univariate", args).resolvedArgs());
    }
}

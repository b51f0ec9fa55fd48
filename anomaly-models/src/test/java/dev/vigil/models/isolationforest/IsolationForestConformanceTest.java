package dev.vigil.models.isolationforest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agreement with scikit-learn's {@code IsolationForest} (fixtures written by {@code generate.py} beside
 * them). The trees differ (another random generator), so the comparison is statistical: both forests
 * have 1000 trees, over which a row's path length (standard deviation about 2.5 per tree) averages
 * to within about 0.08, and {@code score_samples = -2^(-E/c(256))} moves by about 0.034 per unit of E
 * near -0.5: two independent forests differ by about 0.004 per row (standard deviation). Hence a mean
 * absolute difference below 0.01 and a largest one below 0.04, a Spearman correlation above 0.98,
 * the same {@code predict} wherever scikit-learn's {@code decision_function} is farther than 0.02
 * (five standard deviations) from 0, and {@code offset_} within 0.01 (exactly -0.5 for "auto"). The
 * models run with {@code extend_beyond_fit_range: false}; with the default, the rows inside the fit
 * range score the same and those beyond it higher ({@code IsolationForestSpecTest}).
 */
@Tag("functional")
class IsolationForestConformanceTest {

    private static final String DIR = "/dev/vigil/models/isolationforest/";

    /** A fixture: the parameters, the rows and scikit-learn's outputs. */
    private record Fixture(Map<String, String> params, long[] t, double[][] x, boolean[] train, double[] score,
                           double[] decision, int[] predict) {

        int trainRows() {
            int n = 0;
            for (boolean b : train) {
                n += b ? 1 : 0;
            }
            return n;
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(IsolationForestConformanceTest.class.getResourceAsStream(DIR + name), name),
                StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    private static Fixture fixture(String name) throws IOException {
        List<String> lines = lines(name + ".csv");
        Map<String, String> params = new HashMap<>();
        for (String kv : lines.get(1).substring(2).split(",")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], p[1]);
        }
        String[] header = lines.get(2).split(",");
        int k = header.length - 5;
        int n = lines.size() - 3;
        long[] t = new long[n];
        double[][] x = new double[n][k];
        boolean[] train = new boolean[n];
        double[] score = new double[n];
        double[] decision = new double[n];
        int[] predict = new int[n];
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i + 3).split(",");
            train[i] = c[0].equals("train");
            t[i] = Long.parseLong(c[1]);
            for (int j = 0; j < k; j++) {
                x[i][j] = Double.parseDouble(c[2 + j]);
            }
            score[i] = Double.parseDouble(c[2 + k]);
            decision[i] = Double.parseDouble(c[3 + k]);
            predict[i] = Integer.parseInt(c[4 + k]);
        }
        return new Fixture(params, t, x, train, score, decision, predict);
    }

    /** The Java model with the fixture's parameters (1000 trees, its own seed), fitted on the train rows. */
    private static FittedForest fit(Fixture f) {
        Map<String, String> p = f.params();
        IsolationForestModels.Builder b = IsolationForestModels.builder().trees(Integer.parseInt(p.get("n_estimators")))
                .randomState(11).bootstrap(Boolean.parseBoolean(p.get("bootstrap").toLowerCase()))
                .extendBeyondFitRange(false); // scikit-learn's score on every row, beyond the fit range too
        if (!p.get("contamination").equals("auto")) {
            b.contamination(Double.parseDouble(p.get("contamination")));
        }
        if (!p.get("max_samples").equals("auto")) {
            b.maxSamples(Integer.parseInt(p.get("max_samples")));
        }
        if (p.get("max_features").contains(".")) {
            b.maxFeaturesShare(Double.parseDouble(p.get("max_features")));
        } else {
            b.maxFeatures(Integer.parseInt(p.get("max_features")));
        }
        if (!p.get("seasonal").isEmpty()) {
            b.seasonalFeatures(p.get("seasonal"));
        }
        int n = f.trainRows();
        if (f.x()[0].length == 1) {
            ModelSpec spec = b.build();
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = f.x()[i][0];
            }
            return (FittedForest) spec.fit(Series.of(Arrays.copyOf(f.t(), n), y));
        }
        MultivariateSpec spec = b.buildMultivariate();
        return (FittedForest) spec.fit(Arrays.copyOf(f.t(), n), Arrays.copyOf(f.x(), n));
    }

    /** Java's score_samples of every row: anomaly_score · offset_. */
    private static double[] scoreSamples(FittedForest m, Fixture f) {
        double[] s = m.score(f.t(), f.x());
        for (int i = 0; i < s.length; i++) {
            s[i] *= m.offset();
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"univariate_gauss", "multivariate_blobs", "multivariate_options", "univariate_hod"})
    void scoreSamples_fixture_closeToScikitLearn(String name) throws IOException {
        Fixture f = fixture(name);
        FittedForest m = fit(f);
        double[] java = scoreSamples(m, f);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            double d = Math.abs(java[i] - f.score()[i]);
            sum += d;
            max = Math.max(max, d);
        }
        assertThat(sum / java.length).as("%s: mean |java - sklearn| of score_samples", name).isLessThan(0.01);
        assertThat(max).as("%s: max |java - sklearn| of score_samples", name).isLessThan(0.04);
        assertThat(spearman(java, f.score())).as("%s: Spearman correlation", name).isGreaterThan(0.98);
    }

    @ParameterizedTest
    @ValueSource(strings = {"univariate_gauss", "multivariate_blobs", "multivariate_options", "univariate_hod"})
    void predict_clearCases_agreeWithScikitLearnAndScoreAboveOneMeansOutlier(String name) throws IOException {
        Fixture f = fixture(name);
        FittedForest m = fit(f);
        double offset = m.offset();
        String c = f.params().get("contamination");
        double skOffset = Double.parseDouble(f.params().get("offset"));
        if (c.equals("auto")) {
            assertThat(offset).isEqualTo(-0.5);
        } else {
            assertThat(offset).as("%s: offset_", name).isCloseTo(skOffset, org.assertj.core.api.Assertions.within(0.01));
        }
        double[] score = m.score(f.t(), f.x());
        int clear = 0;
        int outliers = 0;
        for (int i = 0; i < score.length; i++) {
            double decision = score[i] * offset - offset;
            if (decision != 0) {
                assertThat(score[i] > 1).as("%s row %d: score %s above 1 iff decision %s < 0", name, i, score[i],
                        decision).isEqualTo(decision < 0);
            }
            if (Math.abs(f.decision()[i]) > 0.02) {
                clear++;
                int javaPredict = decision < 0 ? -1 : 1;
                assertThat(javaPredict).as("%s row %d: predict (sklearn decision %s, java %s)", name, i,
                        f.decision()[i], decision).isEqualTo(f.predict()[i]);
                outliers += f.predict()[i] < 0 ? 1 : 0;
            }
        }
        assertThat(clear).as("%s: rows with a clear decision", name).isGreaterThan(score.length / 2);
        if (!name.equals("univariate_hod")) {
            assertThat(outliers).as("%s: clear outliers", name).isPositive();
        }
    }

    @Test
    void univariateHod_contextualOutliers_scoreHigherWithTheHourFeature() throws IOException {
        // A daytime level at night (test rows 3, 27, 51) and the night level in the day (12, 36, 60):
        // ordinary values, unusual only for their hour. Axis-aligned trees isolate them only partly
        // (scikit-learn's decision_function stays above 0 for them too), but the hod feature must lift
        // their scores well above those of the model without it, which sees nothing unusual.
        Fixture f = fixture("univariate_hod");
        FittedForest with = fit(f);
        int n = f.trainRows();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = f.x()[i][0];
        }
        FittedForest without = (FittedForest) IsolationForestModels.builder().contamination(0.01).trees(1000)
                .build().fit(Series.of(Arrays.copyOf(f.t(), n), y));
        double[] a = with.score(f.t(), f.x());
        double[] b = without.score(f.t(), f.x());
        for (int r : new int[] {3, 27, 51, 12, 36, 60}) {
            double sWith = a[n + r] * with.offset();
            double sWithout = b[n + r] * without.offset();
            assertThat(sWith).as("score_samples of test row %d with hod (without: %s)", r, sWithout)
                    .isLessThan(sWithout - 0.05);
            assertThat(sWith).as("test row %d: close to scikit-learn", r)
                    .isCloseTo(f.score()[n + r], org.assertj.core.api.Assertions.within(0.03));
        }
    }

    @Test
    void offset_contamination_isNumpyPercentileExactly() throws IOException {
        List<String> lines = lines("percentile.csv");
        int split = lines.indexOf("score");
        double[] scores = lines.subList(split + 1, lines.size()).stream().mapToDouble(Double::parseDouble).toArray();
        for (String line : lines.subList(2, split)) {
            String[] c = line.split(",");
            double contamination = Double.parseDouble(c[0]);
            assertThat(IsolationForestSpec.offset(scores.clone(), contamination)).as("contamination %s", contamination)
                    .isEqualTo(Double.parseDouble(c[1]));
        }
    }

    @Test
    void infer_univariateFixture_scoresEqualTheRowScores() throws IOException {
        Fixture f = fixture("univariate_gauss");
        FittedForest m = fit(f);
        double[] y = new double[f.t().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.x()[i][0];
        }
        Prediction p = m.infer(Series.of(f.t(), y));
        assertThat(p.column("anomaly_score")).isEqualTo(m.score(f.t(), f.x()));
        assertThat(p.column("y")).isEqualTo(y);
        FittedModel asModel = m;
        assertThat(asModel).isInstanceOf(MultivariateModel.class);
    }

    /** Spearman's rank correlation (average ranks for ties). */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}

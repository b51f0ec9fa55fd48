package dev.vigil.core.seasonality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodDetectorTest {

    private static final PeriodDetector DETECTOR = PeriodDetector.defaults();

    static double[] nab(String name) throws IOException {
        try (InputStream in = PeriodDetectorTest.class.getResourceAsStream(name + ".txt")) {
            assertThat(in).as(name).isNotNull();
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .mapToDouble(Double::parseDouble).toArray();
        }
    }

    private static double[] sine(int n, int period, double amp, double noise, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 100 + amp * Math.sin(2 * Math.PI * i / period) + noise * rnd.nextGaussian();
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 12, 24, 60, 288})
    void detect_noisySine_findsItsPeriod(int period) {
        for (long seed = 1; seed <= 5; seed++) {
            double[] y = sine(Math.max(10 * period, 500), period, 3, 1.5, seed);
            SeasonalPeriods p = DETECTOR.detect(y);
            // At this signal-to-noise ratio (amplitude 3, noise 1.5) the frequency's Cramer-Rao bound
            // allows ~0.2 samples of error on a 288-sample period over 10 cycles: exact below 100, ±1 above.
            assertThat(p.size()).as("seed %d: %s", seed, p).isEqualTo(1);
            assertThat(p.periods()[0]).as("seed %d", seed).isCloseTo(period, within(period >= 100 ? 1 : 0));
            assertThat(p.dominant()).hasValue(p.periods()[0]);
        }
    }

    @Test
    void detect_dailyInsideWeekly_findsBoth() {
        // 30-minute samples: daily cycle of 48, weekly of 336 (weekend days lower).
        Random rnd = new Random(3);
        int n = 48 * 7 * 6;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int day = (i / 48) % 7;
            y[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 48) + (day >= 5 ? -15 : 0) + 2 * rnd.nextGaussian();
        }
        SeasonalPeriods p = DETECTOR.detect(y);
        assertThat(p.periods()).containsExactly(48, 336);
    }

    @Test
    void detect_trendPlusSeasonWithGaps_findsPeriod() {
        double[] y = sine(2000, 24, 5, 1, 9);
        Random rnd = new Random(4);
        for (int i = 0; i < y.length; i++) {
            y[i] += 0.05 * i;
            if (rnd.nextDouble() < 0.2) {
                y[i] = Double.NaN;
            }
        }
        for (int i = 500; i < 560; i++) {
            y[i] = Double.NaN; // a long outage
        }
        assertThat(DETECTOR.detect(y).periods()).containsExactly(24);
    }

    @Test
    void detect_nonSeasonal_findsNothing() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 2000;
            double[] noise = new double[n];
            double[] walk = new double[n];
            double[] ar = new double[n];
            for (int i = 0; i < n; i++) {
                noise[i] = rnd.nextGaussian();
                walk[i] = (i == 0 ? 0 : walk[i - 1]) + rnd.nextGaussian();
                ar[i] = (i == 0 ? 0 : 0.9 * ar[i - 1]) + rnd.nextGaussian();
            }
            assertThat(DETECTOR.detect(noise).isEmpty()).as("white noise, seed %d: %s", seed, DETECTOR.detect(noise)).isTrue();
            assertThat(DETECTOR.detect(walk).isEmpty()).as("random walk, seed %d: %s", seed, DETECTOR.detect(walk))
                    .isTrue();
            assertThat(DETECTOR.detect(ar).isEmpty()).as("AR(1), seed %d: %s", seed, DETECTOR.detect(ar)).isTrue();
        }
    }

    @Test
    void detect_degenerateInput_findsNothing() {
        assertThat(DETECTOR.detect(new double[0]).isEmpty()).isTrue();
        assertThat(DETECTOR.detect(new double[100]).isEmpty()).isTrue(); // constant
        double[] mostlyMissing = sine(200, 10, 1, 0, 1);
        for (int i = 0; i < 150; i++) {
            mostlyMissing[i] = Double.NaN;
        }
        assertThat(DETECTOR.detect(mostlyMissing).isEmpty()).isTrue();
    }

    @Test
    void detect_nabNycTaxi_findsDailyAndWeeklyIn30MinuteData() throws IOException {
        SeasonalPeriods p = DETECTOR.detect(nab("nyc_taxi"));
        assertThat(p.periods()).containsExactly(48, 336);
    }

    @Test
    void detect_nabArtDaily_findsDailyIn5MinuteData() throws IOException {
        SeasonalPeriods p = DETECTOR.detect(nab("art_daily_small_noise"));
        assertThat(p.periods()).containsExactly(288);
    }

    @Test
    void detect_nabArtNoisy_findsNothing() throws IOException {
        assertThat(DETECTOR.detect(nab("art_noisy")).isEmpty()).isTrue();
    }

    @Test
    void acf_matchesDirectSum() {
        double[] x = sine(300, 17, 2, 1, 5);
        PeriodDetector.detrend(x);
        double[] r = PeriodDetector.acf(x, 40);
        double c0 = 0;
        for (double v : x) {
            c0 += v * v;
        }
        for (int k = 0; k < 40; k++) {
            double c = 0;
            for (int t = 0; t + k < x.length; t++) {
                c += x[t] * x[t + k];
            }
            assertThat(r[k]).isCloseTo(c / c0, within(1e-10));
        }
    }
}

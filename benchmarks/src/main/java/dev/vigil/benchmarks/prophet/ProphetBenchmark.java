package dev.vigil.benchmarks.prophet;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Fit and predict of {@code prophet} on 4 032 points of 5-minute data (two weeks; auto seasonalities
 * give daily and weekly, 25 changepoints) with 1 000 uncertainty samples. Predict covers the history
 * and a one-day horizon (4 320 rows), as R's {@code predict(m, make_future_dataframe(...))} does in
 * benchmarks/scripts/prophet/compare_r.R, which generates the same series shape.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ProphetBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s};
 * {@code ProphetBenchmark.scale} alone for the runner's shape at scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProphetBenchmark {

    static final long T0 = 1_709_510_400_000L; // 2024-03-04T00:00:00Z
    static final long STEP = 300_000L;
    static final int N = 4032;
    static final int HORIZON = 288;

    private ModelSpec spec;
    private Series train;
    private Series future;
    private FittedModel fitted;

    /**
     * 50 + 0.5 d + 10 sin(2πd) + 3 sin(4πd + 1) + 6 sin(2πd/7 + 0.5) + N(0, 1.5²), d in days, seeded;
     * the formula of make_fixtures.R case 4 and compare_r.R (each side draws its own noise).
     */
    static double[] series(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double d = i * STEP / 86_400_000.0;
            y[i] = 50 + 0.5 * d + 10 * Math.sin(2 * Math.PI * d) + 3 * Math.sin(4 * Math.PI * d + 1)
                    + 6 * Math.sin(2 * Math.PI * d / 7 + 0.5) + 1.5 * r.nextGaussian();
        }
        return y;
    }

    @Setup
    public void setup() {
        long[] ms = new long[N];
        long[] fms = new long[N + HORIZON];
        for (int i = 0; i < fms.length; i++) {
            fms[i] = T0 + i * STEP;
            if (i < N) {
                ms[i] = fms[i];
            }
        }
        double[] y = series(N, 42);
        double[] fy = new double[N + HORIZON];
        System.arraycopy(y, 0, fy, 0, N);
        java.util.Arrays.fill(fy, N, fy.length, Double.NaN);
        train = Series.of(ms, y);
        future = Series.of(fms, fy);
        spec = ModelRegistry.standard().create("prophet", Map.of("args", Map.of("uncertainty_samples", 1000)));
        fitted = spec.fit(train);
    }

    /** MAP fit: scaling, changepoints, features and the solver. */
    @Benchmark
    public FittedModel fit() {
        return spec.fit(train);
    }

    /** Predict with intervals on history + one day (1 000 samples for the horizon rows). */
    @Benchmark
    public Prediction predict() {
        return fitted.infer(future);
    }

    /**
     * The runner's shape at scale (docs/benchmarks.md "One machine at scale"): a fit on one day of
     * 1-minute points of a random walk (1 441; no seasonality in effect, 25 changepoints) and inference
     * of the next 10 points with 1 000 uncertainty samples, all after the fit window; and of the 10 points
     * 91-100 minutes after the fit window, as the runner's tenth infer cycle after a fit (more draws have
     * new trend changepoints the longer the horizon). The series share their fit window, as the series of
     * one runner cycle do, so a thread's grid of the draws (the prophet package's {@code DrawGrid}) serves
     * them all; in {@code lateOwnWindow} each series' window starts a minute after the last one's, which
     * makes the grid anew on every call.
     */
    @State(Scope.Benchmark)
    public static class ScaleShape {
        static final long MINUTE = 60_000L;
        static final int FIT = 1441;
        static final int INFER = 10;
        /** Minutes after the fit window of the last point of the late inference. */
        static final int LATE = 100;
        /** Series cycled through, one per call: the cost depends on the walk (its changepoints' sizes). */
        static final int SERIES = 16;

        ModelSpec spec;
        Series[] train = new Series[SERIES];
        Series[] next = new Series[SERIES];
        Series[] late = new Series[SERIES];
        FittedModel[] fitted = new FittedModel[SERIES];
        /** The same walks fitted from point s on (a window of its own per series), for the late points. */
        FittedModel[] ownWindow = new FittedModel[SERIES];
        int at;

        @Setup
        public void setup() {
            spec = ModelRegistry.standard().create("prophet", Map.of());
            // Seeded random walks with three decimals, as ScaleCycle imports.
            SplittableRandom r = new SplittableRandom(7);
            // The late points continue the walks from their own stream, so the first FIT + INFER stay as before.
            SplittableRandom rLate = new SplittableRandom(8);
            for (int s = 0; s < SERIES; s++) {
                long[] ms = new long[FIT + LATE];
                double[] y = new double[FIT + LATE];
                double level = 100 * r.nextDouble();
                for (int i = 0; i < ms.length; i++) {
                    ms[i] = T0 + i * MINUTE;
                    level += (i < FIT + INFER ? r : rLate).nextGaussian();
                    y[i] = Math.round(level * 1000) / 1000.0;
                }
                Series all = Series.of(ms, y);
                train[s] = all.slice(0, FIT);
                next[s] = all.slice(FIT, FIT + INFER);
                late[s] = all.slice(FIT + LATE - INFER, FIT + LATE);
                fitted[s] = spec.fit(train[s]);
                ownWindow[s] = spec.fit(all.slice(s, FIT));
            }
        }

        int nextIndex() {
            at = (at + 1) % SERIES;
            return at;
        }
    }

    /** Fit of one series at the scale shape (1 441 one-minute points). */
    @Benchmark
    public FittedModel scaleFit(ScaleShape s) {
        return s.spec.fit(s.train[s.nextIndex()]);
    }

    /** Inference of 10 points after the fit window at the scale shape (1 000 samples per point). */
    @Benchmark
    public Prediction scaleInfer(ScaleShape s) {
        int i = s.nextIndex();
        return s.fitted[i].infer(s.next[i]);
    }

    /** Inference of the 10 points 91-100 minutes after the fit window at the scale shape. */
    @Benchmark
    public Prediction scaleInferLate(ScaleShape s) {
        int i = s.nextIndex();
        return s.fitted[i].infer(s.late[i]);
    }

    /** As {@link #scaleInferLate}, for series whose fit windows differ (no grid kept from call to call). */
    @Benchmark
    public Prediction scaleInferLateOwnWindow(ScaleShape s) {
        int i = s.nextIndex();
        return s.ownWindow[i].infer(s.late[i]);
    }

    /** Both, as one R {@code fit.prophet} + {@code predict} call pair. */
    @Benchmark
    public Prediction fitAndPredict() {
        return spec.fit(train).infer(future);
    }
}

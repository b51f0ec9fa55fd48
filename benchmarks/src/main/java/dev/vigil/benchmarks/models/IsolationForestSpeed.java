package dev.vigil.benchmarks.models;

import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.isolationforest.IsolationForestModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Java half of {@code benchmarks/scripts/isolation-forest-vs-sklearn.py}: reads the rows the
 * script wrote (little-endian float64, row-major, {@code rows × features}), fits
 * {@code isolation_forest_multivariate} with 100 trees (or the given number) and scores every row,
 * after a few seconds of JIT warm-up, {@code rounds} times; prints the thread CPU seconds of fit and of
 * score (median over the rounds), then the mean score_samples over the rows (a check that both sides
 * computed the same thing). CPU time rather than wall time because the machines this runs on are shared.
 * Usage: {@code java -cp benchmarks.jar dev.vigil.benchmarks.models.IsolationForestSpeed file rows features
 * [trees] [rounds]}.
 */
public final class IsolationForestSpeed {

    private IsolationForestSpeed() {
    }

    /** Arguments: data file, rows, features, trees (100), rounds (5). */
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[1]);
        int d = Integer.parseInt(args[2]);
        int trees = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))).order(ByteOrder.LITTLE_ENDIAN);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = buf.getDouble();
            }
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200_000L + 60_000L * i;
        }
        MultivariateSpec spec = IsolationForestModels.builder().trees(trees).buildMultivariate();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + 4_000_000_000L;
        double[] scores = null;
        while (System.nanoTime() < warmEnd) {
            scores = spec.fit(t, x).score(t, x);
        }
        double[] fit = new double[rounds];
        double[] score = new double[rounds];
        MultivariateModel m = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = bean.getCurrentThreadCpuTime();
            m = spec.fit(t, x);
            long t1 = bean.getCurrentThreadCpuTime();
            scores = m.score(t, x);
            long t2 = bean.getCurrentThreadCpuTime();
            fit[r] = (t1 - t0) / 1e9;
            score[r] = (t2 - t1) / 1e9;
        }
        // anomaly_score · offset_ = score_samples; "auto" gives offset_ = -0.5
        double mean = Arrays.stream(scores).map(s -> -0.5 * s).average().orElse(Double.NaN);
        System.out.println(String.format(Locale.ROOT, "%.4f %.4f %.6f", median(fit), median(score), mean));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

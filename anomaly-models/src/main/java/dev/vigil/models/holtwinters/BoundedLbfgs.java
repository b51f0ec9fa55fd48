package dev.vigil.models.holtwinters;

/**
 * A projected limited-memory BFGS minimiser for smooth functions under box constraints
 * {@code lo <= x <= hi} (infinite bounds allowed): the L-BFGS two-loop direction (Nocedal 1980) is
 * computed over the free variables (those not held at a bound by their gradient), and a
 * backtracking Armijo search along the projected path {@code P(x + t d)} keeps every iterate
 * feasible (in the spirit of Bertsekas' projected Newton methods, 1982).
 *
 * <p>Not thread-safe; allocation happens once per {@link #minimize} call. Each iteration costs one or
 * a few function values, one gradient (at the accepted point only) and O(memory · k) for k variables.
 */
final class BoundedLbfgs {

    /**
     * A function with its gradient. {@link #gradient} is asked for only at the point of the latest
     * {@link #value} call, so that an implementation can keep the work of the value for the gradient
     * (trial points of the line search that are rejected cost one value only).
     */
    interface Objective {
        /** The value at {@code x}. */
        double value(double[] x);

        /** Writes into {@code g} the gradient at the point of the latest {@link #value} call. */
        void gradient(double[] g);
    }

    /** The result: the minimiser, its value, iterations and evaluations used. */
    record Result(double[] x, double value, int iterations, int evaluations) {
    }

    private final int memory;
    private final int maxIterations;
    private final double relTolerance;
    private final double gradTolerance;

    BoundedLbfgs(int memory, int maxIterations, double relTolerance, double gradTolerance) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.relTolerance = relTolerance;
        this.gradTolerance = gradTolerance;
    }

    Result minimize(Objective f, double[] x0, double[] lo, double[] hi) {
        int k = x0.length;
        double[] x = x0.clone();
        project(x, lo, hi);
        double[] g = new double[k];
        double fx = f.value(x);
        int evals = 1;
        if (Double.isFinite(fx)) {
            f.gradient(g);
        }
        double[][] sMem = new double[memory][k];
        double[][] yMem = new double[memory][k];
        double[] rho = new double[memory];
        double[] alphaMem = new double[memory];
        int stored = 0;
        int head = 0;
        double[] d = new double[k];
        double[] xNew = new double[k];
        double[] gNew = new double[k];
        boolean[] free = new boolean[k];
        int iter = 0;
        int smallSteps = 0;
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, 0, evals);
        }
        for (; iter < maxIterations; iter++) {
            double pgNorm = 0;
            for (int i = 0; i < k; i++) {
                boolean atLo = x[i] <= lo[i] && g[i] > 0;
                boolean atHi = x[i] >= hi[i] && g[i] < 0;
                free[i] = !(atLo || atHi);
                if (free[i]) {
                    pgNorm = Math.max(pgNorm, Math.abs(g[i]));
                }
            }
            if (pgNorm <= gradTolerance) {
                break;
            }
            // two-loop recursion on the free variables
            for (int i = 0; i < k; i++) {
                d[i] = free[i] ? -g[i] : 0.0;
            }
            int idx = head;
            for (int j = 0; j < stored; j++) {
                idx = (idx - 1 + memory) % memory;
                double a = rho[idx] * dotFree(sMem[idx], d, free);
                alphaMem[idx] = a;
                axpyFree(-a, yMem[idx], d, free);
            }
            if (stored > 0) {
                int last = (head - 1 + memory) % memory;
                double yy = dotFree(yMem[last], yMem[last], free);
                double sy = dotFree(sMem[last], yMem[last], free);
                if (yy > 0 && sy > 0) {
                    double gammaScale = sy / yy;
                    for (int i = 0; i < k; i++) {
                        d[i] *= gammaScale;
                    }
                }
            }
            for (int j = 0; j < stored; j++) {
                double bcoef = rho[idx] * dotFree(yMem[idx], d, free);
                axpyFree(alphaMem[idx] - bcoef, sMem[idx], d, free);
                idx = (idx + 1) % memory;
            }
            double slope = 0;
            for (int i = 0; i < k; i++) {
                slope += g[i] * d[i];
            }
            if (!(slope < 0)) {
                // not a descent direction: fall back to steepest descent and forget the curvature
                stored = 0;
                slope = 0;
                for (int i = 0; i < k; i++) {
                    d[i] = free[i] ? -g[i] : 0.0;
                    slope -= d[i] * d[i];
                }
            }
            double step = 1.0;
            if (stored == 0) {
                double dmax = 0;
                for (double v : d) {
                    dmax = Math.max(dmax, Math.abs(v));
                }
                step = Math.min(1.0, 0.1 / Math.max(dmax, 1e-300));
            }
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int i = 0; i < k; i++) {
                    xNew[i] = Math.min(hi[i], Math.max(lo[i], x[i] + step * d[i]));
                }
                fNew = f.value(xNew);
                evals++;
                double decrease = 0;
                for (int i = 0; i < k; i++) {
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
                    accepted = true;
                    f.gradient(gNew);
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                if (stored > 0) {
                    stored = 0; // retry once from steepest descent
                    continue;
                }
                break;
            }
            // curvature pair
            double sy = 0;
            double[] sv = sMem[head];
            double[] yv = yMem[head];
            for (int i = 0; i < k; i++) {
                sv[i] = xNew[i] - x[i];
                yv[i] = gNew[i] - g[i];
                sy += sv[i] * yv[i];
            }
            if (sy > 1e-12 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, k);
            System.arraycopy(gNew, 0, g, 0, k);
            fx = fNew;
            // stop after a few consecutive negligible decreases (one alone can precede a good step)
            if (fOld - fx <= relTolerance * Math.max(Math.abs(fx), 1e-300)) {
                if (++smallSteps >= 3) {
                    break;
                }
            } else {
                smallSteps = 0;
            }
        }
        return new Result(x, fx, iter, evals);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double dotFree(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    private static void axpyFree(double a, double[] x, double[] y, boolean[] free) {
        for (int i = 0; i < x.length; i++) {
            if (free[i]) {
                y[i] += a * x[i];
            }
        }
    }

    static void project(double[] x, double[] lo, double[] hi) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
        }
    }
}

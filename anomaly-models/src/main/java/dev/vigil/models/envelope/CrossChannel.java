package dev.vigil.models.envelope;

import java.util.SplittableRandom;

/**
 * The cross-channel part of {@code temporal_envelope_multivariate}: a low-rank linear structure of
 * the channels' standardised residuals (each channel's distance from its band's centre in band
 * half-widths, so every channel counts on its own scale), learnt online, and the score of a row's
 * departure from it.
 *
 * <p><b>Structure</b>: a mean {@code μ} and a basis {@code W} of {@code k} directions (rows of
 * {@link #basis}), learnt with Sanger's generalised Hebbian rule, which converges to the leading
 * principal directions of the centred residuals without forming their covariance: with
 * {@code x = z - μ} and {@code y_j = w_j·x}, {@code w_j += η·y_j·(x - Σ_{i≤j} y_i·w_i)}. The step
 * {@code η = min(β / E, 0.5 / |x|²)} is normalised by {@code E}, the mean of {@code |x|²}, so that it
 * does not depend on the residuals' size, and bounded so that one row cannot make the rule unstable.
 * The basis starts as a random orthonormal one drawn from {@code random_state}.
 *
 * <p><b>Score</b>: the reconstruction error {@code e = |x - Σ_j y_j·w_j|} (the part of the row the
 * usual co-movement does not explain) divided by its own band {@code B = max(Q_hi + k·IQR, }
 * {@value #MIN_BOUND}{@code )}, from online quantiles of past errors as in {@code temporal_envelope}:
 * 1 on the band's edge. The floor keeps a broken co-movement smaller than a quarter band
 * half-width from being anomalous on channels whose residuals move in perfect lockstep.
 *
 * <p>Per row O(channels × k) time, no allocation. Single writer; {@link #score} only reads.
 */
final class CrossChannel {

    /** The smallest error band, in band half-widths. */
    static final double MIN_BOUND = 0.25;

    final int dims;
    final int rank;
    /** Rows learnt. */
    long n;
    /** The mean of |x|². */
    double energy;
    double eLo;
    double eHi;
    /** The mean reconstruction error. */
    double eScale;
    final double[] mean;
    /** {@code rank} directions of {@code dims} values, row-major. */
    final double[] basis;
    private final double[] proj;

    CrossChannel(int dims, int rank, long seed) {
        this(dims, rank, new double[dims], randomOrthonormal(dims, rank, seed));
    }

    /** A part with the given mean and basis (not copied). */
    CrossChannel(int dims, int rank, double[] mean, double[] basis) {
        if (rank < 1 || rank >= dims || mean.length != dims || basis.length != rank * dims) {
            throw new IllegalArgumentException("a cross-channel basis of rank " + rank + " over " + dims
                    + " channels needs 1 <= rank < channels, " + dims + " means and " + rank * dims + " basis values");
        }
        this.dims = dims;
        this.rank = rank;
        this.mean = mean;
        this.basis = basis;
        this.proj = new double[rank];
    }

    CrossChannel copy() {
        CrossChannel c = new CrossChannel(dims, rank, mean.clone(), basis.clone());
        c.n = n;
        c.energy = energy;
        c.eLo = eLo;
        c.eHi = eHi;
        c.eScale = eScale;
        return c;
    }

    /** Gaussian vectors from {@code seed}, orthonormalised (Gram-Schmidt). O(dims · rank²), at creation only. */
    static double[] randomOrthonormal(int dims, int rank, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[rank * dims];
        for (int j = 0; j < rank; j++) {
            int o = j * dims;
            double norm;
            do {
                for (int c = 0; c < dims; c++) {
                    w[o + c] = r.nextGaussian();
                }
                for (int i = 0; i < j; i++) {
                    double d = dot(w, i * dims, w, o, dims);
                    for (int c = 0; c < dims; c++) {
                        w[o + c] -= d * w[i * dims + c];
                    }
                }
                norm = Math.sqrt(dot(w, o, w, o, dims));
            } while (norm < 1e-6);
            for (int c = 0; c < dims; c++) {
                w[o + c] /= norm;
            }
        }
        return w;
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int c = 0; c < len; c++) {
            s += a[ao + c] * b[bo + c];
        }
        return s;
    }

    /** The reconstruction error of {@code z} (finite), leaving the projections in {@link #proj}. */
    double error(double[] z) {
        double[] w = basis;
        for (int j = 0; j < rank; j++) {
            int o = j * dims;
            double s = 0;
            for (int c = 0; c < dims; c++) {
                s += w[o + c] * (z[c] - mean[c]);
            }
            proj[j] = s;
        }
        // |x - Σ y_j w_j|² accumulated channel by channel, scaled by the largest term against overflow
        double big = 0;
        double sum = 0;
        for (int c = 0; c < dims; c++) {
            double v = z[c] - mean[c];
            for (int j = 0; j < rank; j++) {
                v -= proj[j] * w[j * dims + c];
            }
            double a = Math.abs(v);
            if (a > big) {
                sum = sum * (big / a) * (big / a) + 1;
                big = a;
            } else if (a > 0) {
                sum += (a / big) * (a / big);
            }
        }
        return big * Math.sqrt(sum);
    }

    /** The error band B (> 0) with band multiplier {@code k}. */
    double bound(double k) {
        double iqr = Math.max(eHi - eLo, EnvelopeModel.SPREAD_FLOOR * eScale);
        double b = eHi + k * iqr;
        return b > MIN_BOUND ? b : MIN_BOUND;
    }

    /**
     * Learns a row whose reconstruction error {@link #error} just returned {@code e}: the error
     * quantiles (unweighted, as the envelope's), then the mean and the basis with weight
     * {@code weight} in [0, 1] (below 1 for rows far outside the error band).
     *
     * @param alpha the learning rate floor: the rates are {@code max(1/n, 2·alpha)}
     */
    void learn(double[] z, double e, double weight, double qLo, double qHi, double alpha) {
        n++;
        double beta = Math.max(1.0 / n, 2 * alpha);
        double step = 1.5 * beta * eScale;
        eLo += step * (qLo - (e < eLo ? 1 : 0));
        eHi += step * (qHi - (e < eHi ? 1 : 0));
        eScale += beta * (e - eScale);
        double x2 = 0;
        for (int c = 0; c < dims; c++) {
            double x = z[c] - mean[c];
            x2 += x * x;
        }
        if (!Double.isFinite(x2)) {
            return;
        }
        energy = n == 1 ? x2 : energy + beta * (x2 - energy);
        if (x2 > 0 && energy > 0) {
            double eta = weight * Math.min(beta / energy, 0.5 / x2);
            sanger(z, eta);
        }
        for (int c = 0; c < dims; c++) {
            mean[c] += weight * beta * (z[c] - mean[c]);
        }
    }

    /**
     * One step of Sanger's rule on {@code x = z - μ}: the projections on the current basis, then each
     * direction in turn moves along what the directions up to it leave of x. Two passes of O(dims · rank).
     */
    private void sanger(double[] z, double eta) {
        double[] w = basis;
        for (int j = 0; j < rank; j++) {
            int o = j * dims;
            double s = 0;
            for (int c = 0; c < dims; c++) {
                s += w[o + c] * (z[c] - mean[c]);
            }
            proj[j] = s;
        }
        // channel by channel: the residual after directions 0..j, then direction j's step, so no residual array is needed
        for (int c = 0; c < dims; c++) {
            double v = z[c] - mean[c];
            for (int j = 0; j < rank; j++) {
                int i = j * dims + c;
                v -= proj[j] * w[i];
                w[i] += eta * proj[j] * v;
            }
        }
    }
}

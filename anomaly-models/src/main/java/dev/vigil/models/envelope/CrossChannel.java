package dev.vigil.models.envelope;

import java.util.SplittableRandom;

/**
 * The cross-channel part of {@code temporal_envelope_multivariate}: a low-rank linear structure of
 * the channels' standardised residuals z (each channel's distance from its band's centre in band
 * half-widths, so every channel counts on its own scale), learnt online, and the score of a row's
 * departure from it.
 *
 * <p><b>Structure</b>: a mean {@code μ} and a basis {@code W} of {@code k} directions (rows of
 * {@link #basis}), learnt with the deflation form of Sanger's generalised Hebbian rule, which
 * converges to the leading principal directions of the centred residuals without forming their
 * covariance: with {@code v = x = z - μ}, in turn for each direction {@code y_j = w_j·v},
 * {@code v ← v - y_j·w_j}, {@code w_j += η·y_j·v}. The step {@code η = min(β / E, 0.5 / |x|²)} is
 * normalised by {@code E}, the mean of {@code |x|²}, so that it does not depend on the residuals'
 * size, and bounded so that one row cannot make the rule unstable. The basis starts as a random
 * orthonormal one drawn from {@code random_state}. Along with it: the mean square {@code λ_j} of
 * each coordinate {@code y_j} and {@code ρ} of the residual {@code |v|²}.
 *
 * <p><b>Distance</b> of a row (the principal-component T² and Q statistics in one):
 * {@code D = sqrt(Σ_j y_j² / max(λ_j, m²) + |v|² / max(ρ, m²))} with {@code m} = {@value #MIN_DEV}
 * band half-widths: each coordinate in units of its usual spread, so a row that moves the channels
 * along their usual co-movement (a large {@code y_0}) is near, and one that moves them along a
 * direction in which they are usually quiet (two channels that move together drifting apart) is
 * far, even when every channel stays inside its own band. The floor m keeps channels whose
 * residuals move in perfect lockstep from flagging numerically small departures.
 *
 * <p><b>Score</b>: {@code D / B}, 1 on the edge of the band {@code B = max(mean(D) + (1 + 1.5·k)·sd(D),
 * }{@value #MIN_BOUND}{@code )} from the running mean and standard deviation of past distances,
 * k = {@code iqr_threshold} (a Gaussian's {@code Q_hi + k·IQR} is its mean plus {@code (0.67 +
 * 1.35·k)} standard deviations; the distance's right tail is heavier, hence 1 + 1.5·k).
 *
 * <p>Rates {@code β = max(1/n, 2·alpha)}. Per row O(channels × k) time, no allocation. Single
 * writer; {@link #distance} changes only scratch arrays.
 */
final class CrossChannel {

    /** The smallest spread of a coordinate, in band half-widths. */
    static final double MIN_DEV = 0.1;
    /** The smallest distance band. */
    static final double MIN_BOUND = 3.0;
    /** Standardised residuals are clipped to this many band half-widths, so their squares cannot overflow. */
    static final double MAX_Z = 1e6;

    final int dims;
    final int rank;
    /** Rows learnt. */
    long n;
    /** The mean of |x|². */
    double energy;
    /** The mean square of the residual |v|². */
    double resVar;
    /** The mean distance. */
    double dMean;
    /** The mean squared deviation of the distance from {@link #dMean}. */
    double dVar;
    /** Per direction the mean square of its coordinate. */
    final double[] lambda;
    final double[] mean;
    /** {@code rank} directions of {@code dims} values, row-major. */
    final double[] basis;
    private final double[] proj;
    private final double[] resid;
    private double lastResidual;

    CrossChannel(int dims, int rank, long seed) {
        this(dims, rank, new double[dims], randomOrthonormal(dims, rank, seed), new double[rank]);
    }

    /** A part with the given mean, basis and coordinate mean squares (not copied). */
    CrossChannel(int dims, int rank, double[] mean, double[] basis, double[] lambda) {
        if (rank < 1 || rank >= dims || mean.length != dims || basis.length != rank * dims || lambda.length != rank) {
            throw new IllegalArgumentException("a cross-channel basis of rank " + rank + " over " + dims
                    + " channels needs 1 <= rank < channels, " + dims + " means, " + rank * dims + " basis values and "
                    + rank + " spreads");
        }
        this.dims = dims;
        this.rank = rank;
        this.mean = mean;
        this.basis = basis;
        this.lambda = lambda;
        this.proj = new double[rank];
        this.resid = new double[dims];
    }

    CrossChannel copy() {
        CrossChannel c = new CrossChannel(dims, rank, mean.clone(), basis.clone(), lambda.clone());
        c.n = n;
        c.energy = energy;
        c.resVar = resVar;
        c.dMean = dMean;
        c.dVar = dVar;
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

    /**
     * The distance D of {@code z} (finite, each |z_c| at most {@value #MAX_Z}): x deflated direction
     * by direction, {@code y_j = w_j·v / |w_j|²}, {@code v ← v - y_j·w_j} (the norm keeps it exact
     * while a direction's length drifts), leaving the coordinates in {@link #proj}. O(dims · rank).
     */
    double distance(double[] z) {
        double[] v = resid;
        for (int c = 0; c < dims; c++) {
            v[c] = z[c] - mean[c];
        }
        double[] w = basis;
        double floor = MIN_DEV * MIN_DEV;
        double d2 = 0;
        for (int j = 0; j < rank; j++) {
            int o = j * dims;
            double d = 0;
            double norm = 0;
            for (int c = 0; c < dims; c++) {
                d += w[o + c] * v[c];
                norm += w[o + c] * w[o + c];
            }
            double y = norm > 0 ? d / norm : 0;
            proj[j] = y;
            for (int c = 0; c < dims; c++) {
                v[c] -= y * w[o + c];
            }
            d2 += y * y / Math.max(lambda[j], floor);
        }
        double r2 = 0;
        for (int c = 0; c < dims; c++) {
            r2 += v[c] * v[c];
        }
        lastResidual = r2;
        return Math.sqrt(d2 + r2 / Math.max(resVar, floor));
    }

    /** The distance band B (at least {@value #MIN_BOUND}) with band multiplier {@code k}. */
    double bound(double k) {
        double b = dMean + (1 + 1.5 * k) * Math.sqrt(dVar);
        return b > MIN_BOUND ? b : MIN_BOUND;
    }

    /**
     * Learns the row whose distance {@link #distance} just returned {@code d} (its coordinates are
     * still in the scratch arrays): the distance's mean and spread (from the distance clipped at the
     * band B, as the envelope clips its residuals), then the spreads,
     * the mean and the basis with weight {@code weight} in [0, 1] (below 1 for rows far outside the
     * band, so that they move the structure by a bounded amount).
     *
     * @param alpha the learning rate floor: the rates are {@code max(1/n, 2·alpha)}
     * @param k     {@code iqr_threshold}, as {@link #bound} takes it
     */
    void learn(double[] z, double d, double weight, double alpha, double k) {
        // clipped at the band, so that anomalous rows widen it by a bounded amount
        double clipped = n == 0 ? d : Math.min(d, bound(k));
        n++;
        double beta = Math.max(1.0 / n, 2 * alpha);
        double dev = clipped - dMean;
        dMean += beta * dev;
        dVar += beta * ((1 - beta) * dev * dev - dVar);
        double wb = weight * beta;
        for (int j = 0; j < rank; j++) {
            lambda[j] += (n == 1 ? 1 : wb) * (proj[j] * proj[j] - lambda[j]);
        }
        resVar += (n == 1 ? 1 : wb) * (lastResidual - resVar);
        double x2 = 0;
        for (int c = 0; c < dims; c++) {
            double x = z[c] - mean[c];
            x2 += x * x;
        }
        energy = n == 1 ? x2 : energy + beta * (x2 - energy);
        if (x2 > 0 && energy > 0) {
            sanger(z, weight * Math.min(beta / energy, 0.5 / x2));
        }
        for (int c = 0; c < dims; c++) {
            mean[c] += wb * (z[c] - mean[c]);
        }
    }

    /**
     * One step of the deflation form of Sanger's rule on {@code x = z - μ}: in turn each direction
     * takes Oja's step on what the directions before it leave of x, {@code y = w_j·v},
     * {@code v ← v - y·w_j}, {@code w_j += η·y·v}, which keeps it near unit length and drives it to
     * the next principal direction. O(dims · rank).
     */
    private void sanger(double[] z, double eta) {
        double[] v = resid;
        for (int c = 0; c < dims; c++) {
            v[c] = z[c] - mean[c];
        }
        double[] w = basis;
        for (int j = 0; j < rank; j++) {
            int o = j * dims;
            double y = 0;
            for (int c = 0; c < dims; c++) {
                y += w[o + c] * v[c];
            }
            double g = eta * y;
            for (int c = 0; c < dims; c++) {
                v[c] -= y * w[o + c];
                w[o + c] += g * v[c];
            }
        }
    }
}

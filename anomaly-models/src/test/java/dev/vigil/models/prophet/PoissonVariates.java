package dev.vigil.models.prophet;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Poisson variates for the tests' own simulation of Prophet's procedure ({@code FutureDrawsLawTest}):
 * Prophet draws each draw's number of new changepoints as Poisson(S·(T_max − 1)); the model reads them
 * off a unit-rate process instead ({@link DrawPaths}).
 */
final class PoissonVariates {

    private PoissonVariates() {
    }

    /** Poisson variate: multiplication method below 10, Hörmann's PTRS (1993) above. */
    static int poisson(SplittableRandom rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 10) {
            double l = Math.exp(-mean);
            int k = 0;
            double p = rnd.nextDouble();
            while (p > l) {
                k++;
                p *= rnd.nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double loglam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rnd.nextDouble() - 0.5;
            double v = rnd.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || us < 0.013 && v > us) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * loglam - Gamma.logGamma(k + 1)) {
                return (int) k;
            }
        }
    }
}

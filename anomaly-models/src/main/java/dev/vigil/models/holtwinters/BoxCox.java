package dev.vigil.models.holtwinters;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The Box-Cox transform {@code z = (y^λ − 1) / λ} ({@code ln y} for {@code λ = 0}; Box and Cox 1964)
 * and the maximum-likelihood λ, as scipy's {@code stats.boxcox} estimates it:
 * {@code λ̂ = argmax (λ − 1) Σ ln y − (n / 2) ln σ̂²(z_λ)}. Stateless, thread-safe.
 */
final class BoxCox {

    private BoxCox() {
    }

    static double forward(double y, double lambda) {
        if (Double.isNaN(lambda)) {
            return y;
        }
        return lambda == 0 ? Math.log(y) : (Math.pow(y, lambda) - 1) / lambda;
    }

    static double inverse(double z, double lambda) {
        if (Double.isNaN(lambda)) {
            return z;
        }
        return lambda == 0 ? Math.exp(z) : Math.pow(lambda * z + 1, 1 / lambda);
    }

    /** The profile log-likelihood of λ (up to a constant) for strictly positive data. O(n). */
    static double logLikelihood(double[] y, double lambda) {
        int n = y.length;
        double sumLog = 0;
        double mean = 0;
        for (double v : y) {
            sumLog += Math.log(v);
            mean += forward(v, lambda);
        }
        mean /= n;
        double var = 0;
        for (double v : y) {
            double d = forward(v, lambda) - mean;
            var += d * d;
        }
        var /= n;
        return (lambda - 1) * sumLog - n / 2.0 * Math.log(var);
    }

    /** The maximum-likelihood λ in [-5, 5] (Brent's method). O(n) per evaluation, about 40 evaluations. */
    static double estimate(double[] y) {
        BrentOptimizer opt = new BrentOptimizer(1e-10, 1e-12);
        return opt.optimize(new MaxEval(500), GoalType.MAXIMIZE, new SearchInterval(-5, 5, 1),
                new UnivariateObjectiveFunction(l -> logLikelihood(y, l))).getPoint();
    }
}

package dev.vigil.core.seasonality;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The seasonal periods found in a series, in samples, shortest first, each with its strength (the
 * sample autocorrelation at that lag, in (0, 1]). Empty when the series is not seasonal.
 *
 * <p>Immutable: the arrays are copied in and out.
 *
 * @param periods   periods in samples, strictly increasing
 * @param strengths autocorrelation at each period
 */
public record SeasonalPeriods(int[] periods, double[] strengths) {

    /** No seasonality. */
    public static final SeasonalPeriods NONE = new SeasonalPeriods(new int[0], new double[0]);

    /** Checks and copies the arrays. */
    public SeasonalPeriods {
        periods = periods.clone();
        strengths = strengths.clone();
        if (periods.length != strengths.length) {
            throw new IllegalArgumentException(periods.length + " periods but " + strengths.length + " strengths");
        }
        for (int i = 0; i < periods.length; i++) {
            if (periods[i] < 2 || (i > 0 && periods[i] <= periods[i - 1])) {
                throw new IllegalArgumentException("periods must be >= 2 and strictly increasing, got "
                        + Arrays.toString(periods));
            }
        }
    }

    @Override
    public int[] periods() {
        return periods.clone();
    }

    @Override
    public double[] strengths() {
        return strengths.clone();
    }

    /** Whether no period was found. */
    public boolean isEmpty() {
        return periods.length == 0;
    }

    /** The number of periods found. */
    public int size() {
        return periods.length;
    }

    /** The shortest period found. */
    public OptionalInt shortest() {
        return isEmpty() ? OptionalInt.empty() : OptionalInt.of(periods[0]);
    }

    /** The period with the highest autocorrelation (the longer one on a tie). */
    public OptionalInt dominant() {
        if (isEmpty()) {
            return OptionalInt.empty();
        }
        int best = 0;
        for (int i = 1; i < periods.length; i++) {
            if (strengths[i] >= strengths[best]) {
                best = i;
            }
        }
        return OptionalInt.of(periods[best]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeasonalPeriods s && Arrays.equals(periods, s.periods) && Arrays.equals(strengths, s.strengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(periods) + Arrays.hashCode(strengths);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SeasonalPeriods[");
        for (int i = 0; i < periods.length; i++) {
            b.append(i == 0 ? "" : ", ").append(periods[i]).append(String.format(java.util.Locale.ROOT, " (acf %.2f)", strengths[i]));
        }
        return b.append(']').toString();
    }
}

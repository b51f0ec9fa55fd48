package dev.vigil.models.prophet;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Prophet's own options, resolved and validated (the {@code args} of vmanomaly's ProphetModel plus
 * its {@code seasonalities}). Immutable.
 *
 * @param flat                   {@code growth: flat} (else linear)
 * @param changepointsMs         explicit changepoints (epoch ms), or null for automatic ones
 * @param nChangepoints          number of automatic changepoints
 * @param changepointRange       share of the history where automatic changepoints may fall
 * @param changepointPriorScale  scale τ of the Laplace prior of the rate changes
 * @param yearly                 {@link #AUTO}, {@link #ON} (default order), 0 (off) or a Fourier order
 * @param weekly                 as {@code yearly}
 * @param daily                  as {@code yearly}
 * @param custom                 user seasonalities, in the order given
 * @param multiplicative         {@code seasonality_mode: multiplicative}
 * @param seasonalityPriorScale  default prior scale of seasonalities
 * @param holidays               user holidays and special events
 * @param intervalWidth          width of the predictive interval
 * @param uncertaintySamples     number of simulated draws; 0 disables intervals
 * @param seed                   seed of the simulation
 * @param zone                   time zone of the seasonal and holiday features ({@code tz_aware}); UTC when
 *                               not tz-aware
 */
record ProphetOptions(boolean flat, long[] changepointsMs, int nChangepoints, double changepointRange,
        double changepointPriorScale, int yearly, int weekly, int daily, List<Seasonality> custom,
        boolean multiplicative, double seasonalityPriorScale, List<Holiday> holidays, double intervalWidth,
        int uncertaintySamples, long seed, ZoneId zone) {

    /** Seasonality decided from the data span and spacing. */
    static final int AUTO = -1;
    /** Seasonality on with its default Fourier order. */
    static final int ON = -2;

    /** The epoch-ms timestamp shifted to local wall-clock time in {@link #zone()} (unchanged in UTC). */
    static long local(ZoneRules rules, long ms) {
        return rules == null ? ms : ms + 1000L * rules.getOffset(Instant.ofEpochMilli(ms)).getTotalSeconds();
    }

    /** The rules of the zone, or null for UTC (no shift). */
    ZoneRules rules() {
        return zone == null || zone.equals(ZoneOffset.UTC) ? null : zone.getRules();
    }

    /** Prophet's defaults. */
    static ProphetOptions defaults() {
        return new ProphetOptions(false, null, 25, 0.8, 0.05, AUTO, AUTO, AUTO, List.of(), false, 10.0, List.of(),
                0.8, 1000, 0L, ZoneOffset.UTC);
    }

    /**
     * One seasonality: Fourier series of {@code order} harmonics of a period.
     *
     * @param name           component name
     * @param periodDays     period in days
     * @param order          number of sine/cosine pairs (&gt; 0)
     * @param priorScale     standard deviation of the Gaussian prior of the coefficients
     * @param multiplicative whether the component multiplies the trend
     */
    record Seasonality(String name, double periodDays, int order, double priorScale, boolean multiplicative) {
    }

    /**
     * One holiday or special event: its dates (UTC epoch days) and window of days around each.
     *
     * @param name           component name
     * @param days           epoch days (UTC) of the occurrences
     * @param lowerWindow    first offset in days (≤ 0)
     * @param upperWindow    last offset in days (≥ 0)
     * @param priorScale     prior scale of its coefficients
     * @param multiplicative whether the effect multiplies the trend
     */
    record Holiday(String name, long[] days, int lowerWindow, int upperWindow, double priorScale,
            boolean multiplicative) {
    }
}

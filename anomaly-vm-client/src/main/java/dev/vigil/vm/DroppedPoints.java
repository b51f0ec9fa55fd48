package dev.vigil.vm;

/**
 * The points of one read that no model will score, counted while the answer was parsed and stitched
 * (no second pass over the points).
 *
 * @param nonFinite        points whose value is NaN, +/-Inf or overflowed a double when parsed (kept in
 *                         the series as NaN: the missing-value marker)
 * @param nonFiniteSeries  series with at least one such point
 * @param outOfOrder       points dropped because their timestamp was not after the previous point of the
 *                         same series (timestamps going backwards or repeating)
 * @param outOfOrderSeries series with at least one such point
 */
public record DroppedPoints(long nonFinite, int nonFiniteSeries, long outOfOrder, int outOfOrderSeries) {

    /** Nothing dropped. */
    public static final DroppedPoints NONE = new DroppedPoints(0, 0, 0, 0);

    /** The counts of both. */
    public DroppedPoints plus(DroppedPoints o) {
        return new DroppedPoints(nonFinite + o.nonFinite, nonFiniteSeries + o.nonFiniteSeries,
                outOfOrder + o.outOfOrder, outOfOrderSeries + o.outOfOrderSeries);
    }

    /** Whether any point was dropped. */
    public boolean any() {
        return nonFinite > 0 || outOfOrder > 0;
    }
}

package dev.vigil.eval.nab;

import java.util.Objects;

/**
 * One scored file of a benchmark corpus: its timestamps, a detector's anomaly score per row, and
 * its labelled anomaly windows.
 *
 * <p>Windows are {@code long[]} pairs {@code [start0, end0, start1, end1, ...]} in the timestamps'
 * unit (epoch milliseconds), both ends inclusive, sorted and non-overlapping (NAB merges overlapping
 * windows when it builds {@code combined_windows.json}). A window covers the rows whose timestamp
 * is, as in NAB, the rows from the first row stamped {@code start} to the first row after it stamped
 * {@code end}; when a bound matches no row exactly, the window runs from the first row at or after
 * {@code start} to the last row before one past {@code end}. A window that covers no row is ignored.
 *
 * <p>A {@code NaN} score is never a detection; {@code +Infinity} counts as the largest finite score.
 * The arrays are owned by the record and not copied: callers must not modify them afterwards; so
 * used, it is immutable and thread-safe.
 *
 * @param name       file name used in reports, e.g. {@code realKnownCause/nyc_taxi.csv}
 * @param timestamps timestamps in file order, one per row (not checked for order: NAB's data has a few
 *                   repeated and out-of-order rows, and NAB scores rows in file order)
 * @param scores     anomaly score per row (same length as {@code timestamps})
 * @param windows    labelled windows as inclusive {@code [start, end]} pairs
 */
public record NabFile(String name, long[] timestamps, double[] scores, long[] windows) {

    /** Validates the lengths, the order of timestamps and the windows. */
    public NabFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(windows, "windows");
        if (timestamps.length != scores.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but "
                    + scores.length + " scores");
        }
        if (windows.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": windows must be [start, end] pairs, got "
                    + windows.length + " values");
        }
        for (int w = 0; w < windows.length; w += 2) {
            if (windows[w] > windows[w + 1]) {
                throw new IllegalArgumentException(name + ": window " + (w / 2) + " ends (" + windows[w + 1]
                        + ") before it starts (" + windows[w] + ")");
            }
            if (w > 0 && windows[w] <= windows[w - 1]) {
                throw new IllegalArgumentException(name + ": windows must be sorted and disjoint, window "
                        + (w / 2) + " starts at " + windows[w] + " but the previous one ends at " + windows[w - 1]);
            }
        }
    }

    /** Number of rows. */
    public int size() {
        return timestamps.length;
    }

    /**
     * The windows as inclusive row ranges {@code [first0, last0, first1, last1, ...]}, skipping windows
     * that cover no row. O(n) when bounds match rows exactly.
     */
    public int[] windowRows() {
        int[] out = new int[windows.length];
        int k = 0;
        int pos = 0;
        int n = timestamps.length;
        for (int w = 0; w < windows.length; w += 2) {
            int first = find(windows[w], pos);
            if (first < 0) {
                first = pos;
                while (first < n && timestamps[first] < windows[w]) {
                    first++;
                }
            }
            int last = find(windows[w + 1], first);
            if (last < 0) {
                last = first;
                while (last < n && timestamps[last] <= windows[w + 1]) {
                    last++;
                }
                last--;
            }
            if (first < n && last >= first) {
                out[k++] = first;
                out[k++] = last;
                pos = last + 1;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** First row at or after {@code from} stamped exactly {@code t}, or -1. */
    private int find(long t, int from) {
        for (int i = Math.max(0, from); i < timestamps.length; i++) {
            if (timestamps[i] == t) {
                return i;
            }
        }
        return -1;
    }
}

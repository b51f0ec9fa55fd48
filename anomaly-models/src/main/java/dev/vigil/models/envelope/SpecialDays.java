package dev.vigil.models.envelope;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.List;

/**
 * The special days of {@code holidays.special_events}: recurring {@code MM-DD} dates and single
 * {@code YYYY-MM-DD} dates (civil dates in the model's zone). With {@code group} all of them share
 * one special-day group (they are assumed to look alike, e.g. all holidays look like a quiet
 * Sunday); without it each listed event is its own group. Immutable and thread-safe; lookup
 * O(log events), allocation-free.
 */
final class SpecialDays {

    static final SpecialDays NONE = new SpecialDays(new long[0], new int[0], new int[13 * 32], 0);

    private final long[] days;
    private final int[] dayGroups;
    /** Index month * 32 + day of month: the group + 1 of a recurring event, 0 for none. */
    private final int[] recurring;
    private final int groups;

    private SpecialDays(long[] days, int[] dayGroups, int[] recurring, int groups) {
        this.days = days;
        this.dayGroups = dayGroups;
        this.recurring = recurring;
        this.groups = groups;
    }

    /**
     * Parses the events. A date listed twice keeps its first group; a single date takes precedence over a recurring one.
     *
     * @throws IllegalArgumentException naming the first value that is neither {@code MM-DD} nor {@code YYYY-MM-DD}
     */
    static SpecialDays parse(List<String> events, boolean group) {
        if (events.isEmpty()) {
            return NONE;
        }
        int[] recurring = new int[13 * 32];
        long[] days = new long[events.size()];
        int[] dayGroups = new int[events.size()];
        int nd = 0;
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i).trim();
            int g = group ? 0 : i;
            try {
                if (e.matches("\\d{2}-\\d{2}")) {
                    MonthDay md = MonthDay.parse("--" + e);
                    int k = md.getMonthValue() * 32 + md.getDayOfMonth();
                    recurring[k] = recurring[k] == 0 ? g + 1 : recurring[k];
                } else if (e.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    long d = LocalDate.parse(e).toEpochDay();
                    boolean seen = false;
                    for (int j = 0; j < nd; j++) {
                        seen |= days[j] == d;
                    }
                    if (!seen) {
                        days[nd] = d;
                        dayGroups[nd++] = g;
                    }
                } else {
                    throw new IllegalArgumentException("\"" + e + "\" is neither MM-DD (every year) nor YYYY-MM-DD");
                }
            } catch (DateTimeException ex) {
                throw new IllegalArgumentException("\"" + e + "\" is not a calendar date: " + ex.getMessage());
            }
        }
        // sort the single dates, keeping each date's group
        long[][] pairs = new long[nd][];
        for (int j = 0; j < nd; j++) {
            pairs[j] = new long[] {days[j], dayGroups[j]};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        long[] sorted = new long[nd];
        int[] sortedGroups = new int[nd];
        for (int j = 0; j < nd; j++) {
            sorted[j] = pairs[j][0];
            sortedGroups[j] = (int) pairs[j][1];
        }
        return new SpecialDays(sorted, sortedGroups, recurring, group ? 1 : events.size());
    }

    /** The number of special-day groups (0 without events). */
    int groups() {
        return groups;
    }

    /** The special-day group of the point's civil date, or -1 for an ordinary day. */
    int groupOf(CivilTime c) {
        if (groups == 0) {
            return -1;
        }
        int i = Arrays.binarySearch(days, c.epochDay());
        if (i >= 0) {
            return dayGroups[i];
        }
        return recurring[c.month() * 32 + c.dayOfMonth()] - 1;
    }
}

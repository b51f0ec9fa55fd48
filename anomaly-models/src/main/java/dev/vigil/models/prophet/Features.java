package dev.vigil.models.prophet;

import dev.vigil.models.prophet.ProphetOptions.Holiday;
import dev.vigil.models.prophet.ProphetOptions.Seasonality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regressor layout of a fitted model: Fourier blocks of the seasonalities in effect, then one
 * indicator column per holiday and day offset. Immutable, thread-safe.
 *
 * <p>Seasonalities in effect follow Prophet's rules: user seasonalities first, then yearly (period
 * 365.25 d, order 10), weekly (7 d, order 3) and daily (1 d, order 4). With {@code auto}, yearly is
 * off when the history spans less than 730 days, weekly when it spans less than 14 days or the
 * smallest spacing is at least 7 days, daily when it spans less than 2 days or the smallest spacing
 * is at least a day; {@code auto} also leaves a user seasonality of the same name in place.
 */
final class Features {

    /** Columns {@code [from, to)} of one component. */
    record Block(String name, int from, int to, boolean multiplicative, boolean holiday, double priorScale) {
    }

    private final List<Seasonality> seasonalities;
    private final List<Holiday> holidays;
    private final List<Block> blocks;
    /** Per holiday column: the sorted epoch days on which it is 1. */
    private final long[][] holidayDays;
    private final int holidayStart;
    private final int width;
    /** Rules of the local time zone of the features, or null for UTC. */
    private final java.time.zone.ZoneRules rules;

    private Features(List<Seasonality> seasonalities, List<Holiday> holidays, List<Block> blocks,
            long[][] holidayDays, int holidayStart, int width, java.time.zone.ZoneRules rules) {
        this.seasonalities = seasonalities;
        this.holidays = holidays;
        this.blocks = blocks;
        this.holidayDays = holidayDays;
        this.holidayStart = holidayStart;
        this.width = width;
        this.rules = rules;
    }

    /** Decides the layout from the fit timestamps (sorted epoch ms) and the options. */
    static Features layout(long[] ms, ProphetOptions o) {
        Map<String, Seasonality> seas = new LinkedHashMap<>();
        for (Seasonality s : o.custom()) {
            seas.put(s.name(), s);
        }
        double spanDays = (ms[ms.length - 1] - ms[0]) / ProphetFit.DAY_MS;
        long minDt = Long.MAX_VALUE;
        for (int i = 1; i < ms.length; i++) {
            long d = ms[i] - ms[i - 1];
            if (d > 0) {
                minDt = Math.min(minDt, d);
            }
        }
        double minDtDays = minDt / ProphetFit.DAY_MS;
        builtIn(seas, "yearly", o.yearly(), spanDays < 730, 10, 365.25, o);
        builtIn(seas, "weekly", o.weekly(), spanDays < 14 || minDtDays >= 7, 3, 7, o);
        builtIn(seas, "daily", o.daily(), spanDays < 2 || minDtDays >= 1, 4, 1, o);
        return of(List.copyOf(seas.values()), o);
    }

    /** The layout of the given seasonalities in effect (in column order) and the options' holidays. */
    static Features of(List<Seasonality> seasonalities, ProphetOptions o) {
        List<Block> blocks = new ArrayList<>();
        int col = 0;
        for (Seasonality s : seasonalities) {
            blocks.add(new Block(s.name(), col, col + 2 * s.order(), s.multiplicative(), false, s.priorScale()));
            col += 2 * s.order();
        }
        int holidayStart = col;
        // One column per (holiday, offset), ordered by Prophet's column name "<name>_delim_<±offset>".
        Map<String, List<Long>> cols = new java.util.TreeMap<>();
        Map<String, Holiday> owner = new LinkedHashMap<>();
        for (Holiday h : o.holidays()) {
            for (int off = h.lowerWindow(); off <= h.upperWindow(); off++) {
                String key = h.name() + "_delim_" + (off < 0 ? "-" : "+") + Math.abs(off);
                List<Long> days = cols.computeIfAbsent(key, kk -> new ArrayList<>());
                for (long d : h.days()) {
                    days.add(d + off);
                }
                owner.put(key, h);
            }
        }
        long[][] hd = new long[cols.size()][];
        int c = 0;
        for (Map.Entry<String, List<Long>> e : cols.entrySet()) {
            long[] days = e.getValue().stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            hd[c] = days;
            Holiday h = owner.get(e.getKey());
            blocks.add(new Block(h.name(), col, col + 1, h.multiplicative(), true, h.priorScale()));
            col++;
            c++;
        }
        return new Features(List.copyOf(seasonalities), List.copyOf(o.holidays()), List.copyOf(blocks), hd,
                holidayStart, col, o.rules());
    }

    private static void builtIn(Map<String, Seasonality> seas, String name, int arg, boolean autoDisable,
            int defaultOrder, double period, ProphetOptions o) {
        int order;
        if (arg == ProphetOptions.AUTO) {
            order = seas.containsKey(name) || autoDisable ? 0 : defaultOrder;
        } else if (arg == ProphetOptions.ON) {
            order = defaultOrder;
        } else {
            order = arg;
        }
        if (order > 0) {
            seas.put(name, new Seasonality(name, period, order, o.seasonalityPriorScale(), o.multiplicative()));
        }
    }

    /** Number of columns. */
    int width() {
        return width;
    }

    List<Block> blocks() {
        return blocks;
    }

    List<Seasonality> seasonalities() {
        return seasonalities;
    }

    List<Holiday> holidays() {
        return holidays;
    }

    boolean hasHolidays() {
        return holidayDays.length > 0;
    }

    /** Per column: whether it multiplies the trend. */
    boolean[] multiplicative() {
        boolean[] out = new boolean[width];
        for (Block b : blocks) {
            for (int j = b.from(); j < b.to(); j++) {
                out[j] = b.multiplicative();
            }
        }
        return out;
    }

    /** Per column: the prior standard deviation of its coefficient. */
    double[] priorScales() {
        double[] out = new double[width];
        for (Block b : blocks) {
            Arrays.fill(out, b.from(), b.to(), b.priorScale());
        }
        return out;
    }

    /**
     * The n×width row-major feature matrix at the given epoch-ms timestamps. Fourier columns use
     * days since the epoch (of local wall-clock time when tz-aware), sine then cosine for each harmonic; the recurrence
     * {@code sin((n+1)x), cos((n+1)x)} from {@code sin x, cos x} keeps it at two trig calls per block.
     */
    double[] matrix(long[] ms) {
        int n = ms.length;
        double[] x = new double[n * width];
        for (int i = 0; i < n; i++) {
            // Wall-clock time of the zone (tz_aware), so seasonalities follow local days across DST.
            long local = ProphetOptions.local(rules, ms[i]);
            double td = local / ProphetFit.DAY_MS;
            int q = i * width;
            int b = 0;
            for (Seasonality s : seasonalities) {
                double ang = 2 * Math.PI * (td % s.periodDays()) / s.periodDays();
                double s1 = Math.sin(ang);
                double c1 = Math.cos(ang);
                double sn = s1;
                double cn = c1;
                for (int h = 0; h < s.order(); h++) {
                    x[q + b + 2 * h] = sn;
                    x[q + b + 2 * h + 1] = cn;
                    double ns = sn * c1 + cn * s1;
                    double nc = cn * c1 - sn * s1;
                    sn = ns;
                    cn = nc;
                }
                b += 2 * s.order();
            }
            if (holidayDays.length > 0) {
                long day = Math.floorDiv(local, 86_400_000L);
                for (int c = 0; c < holidayDays.length; c++) {
                    if (Arrays.binarySearch(holidayDays[c], day) >= 0) {
                        x[q + holidayStart + c] = 1;
                    }
                }
            }
        }
        return x;
    }
}

package dev.vigil.models.envelope;

import java.util.Locale;

/**
 * The calendar profiles of {@code seasonalities}, each a cycle of buckets in civil time with one
 * learnt offset per bucket. The suffix says how the cycle is shaped: {@code smooth} reads a
 * triangular-kernel blend of neighbouring buckets at the point's continuous phase (a profile that
 * changes gradually over the cycle), {@code spiky} reads the point's own bucket of a fine grid (sharp
 * recurring spikes stay sharp), {@code plateau} reads one of a few wide constant blocks (night,
 * business hours; weekdays, weekend). Week profiles give special days ({@code holidays}) buckets of
 * their own after the cycle, read without kernel. Immutable.
 */
enum Preset {
    /** 24 hourly buckets, kernel half-width 2 h. */
    HOD_SMOOTH(Cycle.DAY, 24, 2.0, 1),
    /** 24 hourly buckets. */
    HOD_SPIKY(Cycle.DAY, 24, 0, 1),
    /** 5 blocks: 00-06 night, 06-09 morning, 09-18 business hours, 18-22 evening, 22-24 late. */
    HOD_PLATEAU(Cycle.DAY, 5, 0, 1),
    /**
     * 28 quarter-day buckets (Monday 00-06 first), kernel half-width one bucket: a day-of-week level
     * that changes over about 6 hours around midnight.
     */
    DOW_SMOOTH(Cycle.WEEK, 28, 1.0, 4),
    /** 168 hour-of-week buckets. */
    DOW_SPIKY(Cycle.WEEK, 168, 0, 24),
    /** 3 blocks: Monday-Friday, Saturday, Sunday. */
    DOW_PLATEAU(Cycle.WEEK, 3, 0, 1),
    /** 2 blocks: Monday-Friday, weekend. */
    WEEKPART_PLATEAU(Cycle.WEEK, 2, 0, 1),
    /** 12 monthly buckets, kernel half-width 1 month. */
    MONTH_SMOOTH(Cycle.YEAR, 12, 1.0, 1),
    /** 12 monthly blocks. */
    MONTH_PLATEAU(Cycle.YEAR, 12, 0, 1);

    /** The cycle a profile repeats over; a configuration holds at most one profile per cycle. */
    enum Cycle {
        DAY(86_400_000L), WEEK(7 * 86_400_000L), YEAR(31_556_952_000L);

        /** The cycle's length in ms (a Gregorian mean year for YEAR). */
        final long ms;

        Cycle(long ms) {
            this.ms = ms;
        }
    }

    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 86_400_000L;
    private static final int[] HOD_BLOCK = {0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4};

    final Cycle cycle;
    /** Buckets of the cycle itself (special-day buckets follow them). */
    final int cycleBuckets;
    /** Triangular kernel half-width in buckets; 0: the point's bucket only. */
    final double halfWidth;
    /** Buckets per special-day group (week profiles only). */
    final int perSpecialDay;

    Preset(Cycle cycle, int cycleBuckets, double halfWidth, int perSpecialDay) {
        this.cycle = cycle;
        this.cycleBuckets = cycleBuckets;
        this.halfWidth = halfWidth;
        this.perSpecialDay = perSpecialDay;
    }

    /** The name in configurations ({@code hod_smooth}). */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset of a configuration name, or {@code null}. */
    static Preset of(String name) {
        for (Preset p : values()) {
            if (p.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /** All buckets, with {@code specialGroups} special-day groups. */
    int buckets(int specialGroups) {
        return cycle == Cycle.WEEK ? cycleBuckets + specialGroups * perSpecialDay : cycleBuckets;
    }

    /**
     * The point's position: a continuous phase in {@code [0, cycleBuckets)} for kernel profiles on
     * ordinary days, else an exact bucket index (special-day buckets are {@code >= cycleBuckets}).
     *
     * @param c       the civil time of the point
     * @param special the point's special-day group, or -1
     */
    double position(CivilTime c, int special) {
        double dayFraction = c.msOfDay() / (double) DAY_MS;
        int hour = (int) (c.msOfDay() / HOUR_MS);
        switch (this) {
            case HOD_SMOOTH:
                return c.msOfDay() / (double) HOUR_MS;
            case HOD_SPIKY:
                return hour;
            case HOD_PLATEAU:
                return HOD_BLOCK[hour];
            case MONTH_SMOOTH:
                return c.month() - 1 + (c.dayOfMonth() - 1 + dayFraction) / c.daysInMonth();
            case MONTH_PLATEAU:
                return c.month() - 1;
            default:
                break;
        }
        if (special >= 0) {
            return cycleBuckets + special * perSpecialDay + hour * perSpecialDay / 24;
        }
        int dow = c.dayOfWeek();
        return switch (this) {
            case DOW_SMOOTH -> 4 * (dow + dayFraction);
            case DOW_SPIKY -> dow * 24 + hour;
            case DOW_PLATEAU -> dow < 5 ? 0 : dow - 4;
            default -> dow < 5 ? 0 : 1;
        };
    }

    /** Whether a position is read through the kernel (else it is an exact bucket). */
    boolean kernel(double position) {
        return halfWidth > 0 && position < cycleBuckets;
    }
}

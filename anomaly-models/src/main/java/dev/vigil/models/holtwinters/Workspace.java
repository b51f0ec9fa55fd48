package dev.vigil.models.holtwinters;

/**
 * Per-thread scratch arrays of a fit, so that repeated fits on a thread neither allocate nor touch fresh
 * memory for their O(n) work arrays each time (with the default collector, allocating and first
 * touching about a megabyte per fit of 10 080 points cost more CPU time than the fit itself). Arrays are
 * handed out by slot, grown on demand, and may be longer than asked for; their contents are undefined.
 * Nothing handed out may outlive the fit (results copy what they keep). Fits of more than
 * {@link #MAX_REUSED} samples get fresh arrays that are not kept, which bounds what a thread retains to
 * about a dozen arrays of that size.
 */
final class Workspace {

    /** The largest series (samples) whose work arrays are kept per thread. */
    static final int MAX_REUSED = 1 << 15;

    static final int VALUES = 0;
    static final int GRID = 1;
    static final int TRANSFORMED = 2;
    static final int LEVEL = 3;
    static final int TREND = 4;
    static final int SEASON = 5;
    static final int ADJ_LEVEL = 6;
    static final int ADJ_TREND = 7;
    static final int ADJ_SEASON = 8;
    static final int ERRORS = 9;
    static final int FITTED = 10;
    private static final int SLOTS = 11;

    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private final double[][] doubles = new double[SLOTS][];
    private long[] longs;

    private Workspace() {
    }

    /** The calling thread's workspace for a fit of {@code samples} samples, or a throw-away one. */
    static Workspace forSamples(int samples) {
        return samples <= MAX_REUSED ? LOCAL.get() : new Workspace();
    }

    /** A throw-away workspace (fresh arrays). */
    static Workspace fresh() {
        return new Workspace();
    }

    /** The array of {@code slot}, at least {@code length} long, contents undefined. */
    double[] doubles(int slot, int length) {
        double[] a = doubles[slot];
        if (a == null || a.length < length) {
            a = new double[length];
            doubles[slot] = a;
        }
        return a;
    }

    /**
     * The array of {@code slot}, exactly {@code length} long (for code that takes the length of the
     * series from its array), contents undefined; replaced when the length changes.
     */
    double[] exactly(int slot, int length) {
        double[] a = doubles[slot];
        if (a == null || a.length != length) {
            a = new double[length];
            doubles[slot] = a;
        }
        return a;
    }

    /** The long array, at least {@code length} long, contents undefined. */
    long[] longs(int length) {
        if (longs == null || longs.length < length) {
            longs = new long[length];
        }
        return longs;
    }
}

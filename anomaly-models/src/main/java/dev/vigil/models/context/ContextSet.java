package dev.vigil.models.context;

/**
 * The set of contexts a {@code vigil_online} model has seen: open addressing with linear probing,
 * load at most 3/4, a power-of-two capacity of at least 64 slots, 0 marking an empty slot. Only
 * membership is kept (the detector asks whether a context was seen, never how often), so a context
 * costs one key. The keys are positive {@code long}s; while every key of the model's
 * {@code context_length} fits in 31 bits ({@link #fitsInt}), they are stored as {@code int}s, halving
 * the table.
 *
 * <p>Not thread-safe (single writer; {@link #contains} may run concurrently with other reads).
 * {@link #contains} and {@link #add} take O(1) expected time; {@link #add} allocates only when the
 * table doubles. Memory: about 5.3-11 (narrow) or 11-21 (wide) bytes per context, by where the load is
 * between doublings.
 */
final class ContextSet {

    static final int MIN_CAPACITY = 64;

    /** Narrow keys: one of these, the other null. */
    private int[] narrow;
    private long[] wide;
    private int size;

    /** An empty set with {@code capacity} slots (a power of two, at least {@link #MIN_CAPACITY}). */
    ContextSet(boolean narrowKeys, int capacity) {
        if (capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("context table capacity " + capacity + " is not a power of two >= "
                    + MIN_CAPACITY);
        }
        if (narrowKeys) {
            narrow = new int[capacity];
        } else {
            wide = new long[capacity];
        }
    }

    /** Whether every key below {@code 2^bits} is stored narrow. */
    static boolean fitsInt(int bits) {
        return bits <= 31;
    }

    /** Whether {@code n} keys fit {@code capacity} slots at load at most 3/4 (a few probes per lookup). */
    static boolean fits(int n, int capacity) {
        return 4L * n <= 3L * capacity;
    }

    /** The smallest capacity holding {@code n} keys at load at most 3/4. */
    static int capacityFor(int n) {
        int c = MIN_CAPACITY;
        while (!fits(n, c)) {
            c <<= 1;
        }
        return c;
    }

    boolean isNarrow() {
        return narrow != null;
    }

    int size() {
        return size;
    }

    int capacity() {
        return narrow != null ? narrow.length : wide.length;
    }

    /** The key in {@code slot}, 0 when empty. */
    long keyAt(int slot) {
        return narrow != null ? narrow[slot] : wide[slot];
    }

    boolean contains(long key) {
        if (narrow != null) {
            return narrow[findNarrow((int) key)] != 0;
        }
        return wide[findWide(key)] != 0;
    }

    /** Adds {@code key} (positive); true when it was not in the set. */
    boolean add(long key) {
        if (narrow != null) {
            int k = (int) key;
            int i = findNarrow(k);
            if (narrow[i] != 0) {
                return false;
            }
            narrow[i] = k;
        } else {
            int i = findWide(key);
            if (wide[i] != 0) {
                return false;
            }
            wide[i] = key;
        }
        if (!fits(++size, capacity())) {
            grow();
        }
        return true;
    }

    /**
     * Puts {@code key} into {@code slot} as read from a saved table, where no probe sequence is
     * checked: a misplaced key is only ever found less often.
     *
     * @throws IllegalArgumentException when the slot is taken, the key is not positive or the table would
     *                                  pass the load of 3/4
     */
    void place(int slot, long key) {
        if (key <= 0 || narrow != null && key > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("context key " + key + " out of range");
        }
        if (keyAt(slot) != 0 || !fits(size + 1, capacity())) {
            throw new IllegalArgumentException("context slot " + slot + " taken or table over 3/4 full");
        }
        if (narrow != null) {
            narrow[slot] = (int) key;
        } else {
            wide[slot] = key;
        }
        size++;
    }

    ContextSet copy() {
        ContextSet c = new ContextSet(narrow != null, capacity());
        if (narrow != null) {
            System.arraycopy(narrow, 0, c.narrow, 0, narrow.length);
        } else {
            System.arraycopy(wide, 0, c.wide, 0, wide.length);
        }
        c.size = size;
        return c;
    }

    private int findNarrow(int k) {
        int[] t = narrow;
        int mask = t.length - 1;
        int i = mix(k) & mask;
        int at;
        while ((at = t[i]) != k && at != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private int findWide(long k) {
        long[] t = wide;
        int mask = t.length - 1;
        int i = (int) mix(k) & mask;
        long at;
        while ((at = t[i]) != k && at != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** MurmurHash3's 32-bit finaliser: spreads packed contexts, whose low bits are the newest values. */
    private static int mix(int h) {
        h = (h ^ (h >>> 16)) * 0x85ebca6b;
        h = (h ^ (h >>> 13)) * 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private void grow() {
        if (narrow != null) {
            int[] old = narrow;
            narrow = new int[old.length * 2];
            for (int k : old) {
                if (k != 0) {
                    narrow[findNarrow(k)] = k;
                }
            }
        } else {
            long[] old = wide;
            wide = new long[old.length * 2];
            for (long k : old) {
                if (k != 0) {
                    wide[findWide(k)] = k;
                }
            }
        }
    }
}

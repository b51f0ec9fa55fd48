package dev.vigil.core.stats;

import com.tdunning.math.stats.AVLTreeDigest;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;

/**
 * Exact capture and rebuild of t-digest 3.3 digests ({@link DigestState}), and seeded
 * {@link AVLTreeDigest}s.
 *
 * <p>t-digest's own {@code asBytes}/{@code fromBytes} are not exact: {@code asBytes} first merges
 * the buffer of a {@code MergingDigest} (changing the original), and {@code fromBytes} re-adds the
 * centroids through the normal insertion path, which merges neighbours. Neither keeps the
 * tie-breaking generator of an {@code AVLTreeDigest}. So the state is read and written here through
 * reflection on the private fields of the pinned version 3.3 (its version is fixed in the build;
 * a layout change fails loudly on first use, never silently).
 *
 * <p>What the future of a digest depends on, and is captured:
 * <ul>
 *   <li>{@code MergingDigest}: the merged centroids and their count, the buffer of unmerged points
 *       in arrival order, both total weights, the merge count (its parity sets the direction of the
 *       next merge) and min/max. The arrays' spare capacity and the sort scratch are not state.</li>
 *   <li>{@code AVLTreeDigest}: its whole node table (links, heights, centroids, subtree sums, free
 *       list), its counter, min/max and the state of the tie-breaking generator. The shape matters:
 *       3.3 updates a centroid whose mean does not move without refreshing the subtree sums above
 *       it, and later insertions read those stale sums. Capacity beyond the used slots is not state.</li>
 * </ul>
 * Thread-safe: the only state is each thread's own pool of free merging digests ({@link #release}); the
 * digests themselves are not thread-safe.
 */
final class TDigests {

    private static final Field AVL_RANDOM = field(AVLTreeDigest.class, "gen", Random.class);

    /** Free merging digests kept per thread for reuse ({@link #release}). */
    private static final int POOL = 4;

    /**
     * Per thread, merging digests no longer in use: a live {@code MergingDigest} of compression 100 is
     * about 24 KB, and models that rebuild one from its compact state for a few points and compact it
     * again would otherwise allocate that much per rebuild. Each thread's pool holds at most
     * {@value #POOL} digests (about 100 KB at compression 100).
     */
    private static final ThreadLocal<MergingDigest[]> FREE = ThreadLocal.withInitial(() -> new MergingDigest[POOL]);

    private TDigests() {
    }

    /**
     * Gives a {@code MergingDigest} that is no longer referenced anywhere back to this thread's pool, to
     * be reused by a later {@link #restoreTrusted}, {@link #check} or {@link #newMerging} of the same compression (its
     * arrays' spare capacity and sort scratch are not state, and a restore sets all the rest). Other
     * digests, and digests past the pool's size, are left to the collector. O(1).
     */
    static void release(TDigest digest) {
        if (digest instanceof MergingDigest m) {
            MergingDigest[] free = FREE.get();
            for (int i = 0; i < free.length; i++) {
                if (free[i] == null) {
                    free[i] = m;
                    return;
                }
            }
        }
    }

    /** A merging digest of this compression from this thread's pool, in an unspecified state; else a new one. */
    private static MergingDigest take(double compression) {
        MergingDigest[] free = FREE.get();
        for (int i = 0; i < free.length; i++) {
            MergingDigest m = free[i];
            if (m != null && m.compression() == compression) {
                free[i] = null;
                return m;
            }
        }
        return new MergingDigest(compression);
    }

    /** An empty {@link MergingDigest}, reused from this thread's pool when it has one of this compression. */
    static MergingDigest newMerging(double compression) {
        try {
            return restoreMerging(Empty.MERGING, compression, false);
        } catch (ReflectiveOperationException e) {
            throw layoutChanged(e);
        }
    }

    /** An empty {@link AVLTreeDigest} whose tie-breaking generator starts from {@code seed}. */
    static AVLTreeDigest newAvl(double compression, long seed) {
        AVLTreeDigest d = new AVLTreeDigest(compression);
        set(AVL_RANDOM, d, new DigestRandom(seed));
        return d;
    }

    /** The exact state of a digest made by this class or a {@link MergingDigest}. Reads only. */
    static DigestState capture(TDigest digest) {
        try {
            if (digest instanceof MergingDigest) {
                return captureMerging(digest);
            }
            if (digest instanceof AVLTreeDigest) {
                return captureAvl(digest);
            }
        } catch (ReflectiveOperationException e) {
            throw layoutChanged(e);
        }
        throw new IllegalArgumentException("unsupported t-digest variant " + digest.getClass().getName());
    }

    private static DigestState captureMerging(TDigest digest) throws ReflectiveOperationException {
        int last = Internals.MD_LAST_USED.getInt(digest);
        int used = Internals.MD_TEMP_USED.getInt(digest);
        return new DigestState.Merging(Internals.MIN.getDouble(digest), Internals.MAX.getDouble(digest),
                Internals.MD_MERGE_COUNT.getInt(digest), Internals.MD_TOTAL_WEIGHT.getDouble(digest),
                Arrays.copyOf((double[]) Internals.MD_MEAN.get(digest), last),
                Arrays.copyOf((double[]) Internals.MD_WEIGHT.get(digest), last),
                Internals.MD_UNMERGED.getDouble(digest),
                Arrays.copyOf((double[]) Internals.MD_TEMP_MEAN.get(digest), used),
                Arrays.copyOf((double[]) Internals.MD_TEMP_WEIGHT.get(digest), used));
    }

    private static DigestState captureAvl(TDigest digest) throws ReflectiveOperationException {
        Object gen = AVL_RANDOM.get(digest);
        if (!(gen instanceof DigestRandom)) {
            throw new IllegalStateException("this AVLTreeDigest was not made by StreamingQuantiles: its"
                    + " tie-breaking generator cannot be captured");
        }
        Object summary = Internals.AVL_SUMMARY.get(digest);
        if (Internals.GROUP_DATAS.get(summary) != null) {
            throw new IllegalStateException("an AVLTreeDigest that records its data cannot be captured");
        }
        Object tree = Internals.GROUP_TREE.get(summary);
        Object allocator = Internals.TREE_ALLOCATOR.get(tree);
        Object stack = Internals.ALLOC_RELEASED.get(allocator);
        int slots = Internals.ALLOC_NEXT.getInt(allocator);
        int released = Internals.STACK_SIZE.getInt(stack);
        return new DigestState.AvlTree(Internals.MIN.getDouble(digest), Internals.MAX.getDouble(digest),
                Internals.AVL_COUNT.getLong(digest), ((DigestRandom) gen).state(), Internals.TREE_ROOT.getInt(tree),
                Arrays.copyOf((int[]) Internals.STACK_VALUES.get(stack), released),
                Arrays.copyOf((int[]) Internals.TREE_PARENT.get(tree), slots),
                Arrays.copyOf((int[]) Internals.TREE_LEFT.get(tree), slots),
                Arrays.copyOf((int[]) Internals.TREE_RIGHT.get(tree), slots),
                Arrays.copyOf((byte[]) Internals.TREE_DEPTH.get(tree), slots),
                Arrays.copyOf((double[]) Internals.GROUP_CENTROIDS.get(summary), slots),
                Arrays.copyOf((int[]) Internals.GROUP_COUNTS.get(summary), slots),
                Arrays.copyOf((int[]) Internals.GROUP_AGGREGATED.get(summary), slots));
    }

    /**
     * A digest in exactly the captured state, which is known to be valid (it was {@linkplain #capture
     * captured}, or {@linkplain #check checked}): skips the O(δ) checks and their
     * scratch arrays, and reads the state's arrays without copying them.
     */
    static TDigest restoreTrusted(DigestState state, double compression) {
        return restore(state, compression, false);
    }

    /**
     * Checks that a state from outside (a file) can come from a digest of this compression by rebuilding
     * it, keeping no digest: a merging one is rebuilt into this thread's pool and left there (no 24 KB
     * allocation per check).
     *
     * @throws IllegalArgumentException when it cannot (non-finite means, non-positive weights, too many
     *                                  centroids, a node table that is not a balanced tree)
     */
    static void check(DigestState state, double compression) {
        release(restore(state, compression, true));
    }

    private static TDigest restore(DigestState state, double compression, boolean check) {
        try {
            if (state instanceof DigestState.Merging s) {
                return restoreMerging(s, compression, check);
            }
            return restoreAvl((DigestState.AvlTree) state, compression, check);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("t-digest refused the state: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw layoutChanged(e);
        }
    }

    /** {@code s} into a merging digest of {@code compression} from this thread's pool (else a new one). */
    private static MergingDigest restoreMerging(DigestState.Merging s, double compression, boolean check)
            throws ReflectiveOperationException {
        MergingDigest d = take(compression);
        double[] mean = (double[]) Internals.MD_MEAN.get(d);
        double[] weight = (double[]) Internals.MD_WEIGHT.get(d);
        double[] tempMean = (double[]) Internals.MD_TEMP_MEAN.get(d);
        double[] tempWeight = (double[]) Internals.MD_TEMP_WEIGHT.get(d);
        // the arrays are only read here: no copies
        double[] m = s.rawMeans();
        double[] w = s.rawWeights();
        double[] bm = s.rawBufferMeans();
        double[] bw = s.rawBufferWeights();
        // add() merges as soon as the buffer and the centroids fill all but one slot of the buffer.
        if (m.length > mean.length || bm.length + m.length >= tempMean.length) {
            throw new IllegalArgumentException("a merging t-digest of compression " + compression + " holds at most "
                    + mean.length + " centroids and " + (tempMean.length - m.length - 1) + " buffered points, got "
                    + m.length + " and " + bm.length);
        }
        if (check) {
            checkPoints(m, w);
            checkPoints(bm, bw);
        }
        System.arraycopy(m, 0, mean, 0, m.length);
        System.arraycopy(w, 0, weight, 0, w.length);
        System.arraycopy(bm, 0, tempMean, 0, bm.length);
        System.arraycopy(bw, 0, tempWeight, 0, bw.length);
        Internals.MD_LAST_USED.setInt(d, m.length);
        Internals.MD_TEMP_USED.setInt(d, bm.length);
        Internals.MD_MERGE_COUNT.setInt(d, s.mergeCount());
        Internals.MD_TOTAL_WEIGHT.setDouble(d, s.totalWeight());
        Internals.MD_UNMERGED.setDouble(d, s.unmergedWeight());
        Internals.MIN.setDouble(d, s.min());
        Internals.MAX.setDouble(d, s.max());
        return d;
    }

    private static TDigest restoreAvl(DigestState.AvlTree s, double compression, boolean check)
            throws ReflectiveOperationException {
        if (check) {
            checkTree(s);
        }
        AVLTreeDigest d = new AVLTreeDigest(compression);
        set(AVL_RANDOM, d, DigestRandom.ofState(s.random()));
        Object summary = Internals.AVL_SUMMARY.get(d);
        Object tree = Internals.GROUP_TREE.get(summary);
        int slots = s.slots();
        if (((int[]) Internals.TREE_PARENT.get(tree)).length < slots) {
            // The tree's override also grows the centroid arrays.
            Internals.TREE_RESIZE.invoke(tree, slots);
        }
        copyInto(s.rawParent(), Internals.TREE_PARENT.get(tree));
        copyInto(s.rawLeft(), Internals.TREE_LEFT.get(tree));
        copyInto(s.rawRight(), Internals.TREE_RIGHT.get(tree));
        copyInto(s.rawDepth(), Internals.TREE_DEPTH.get(tree));
        copyInto(s.rawMeans(), Internals.GROUP_CENTROIDS.get(summary));
        copyInto(s.rawCounts(), Internals.GROUP_COUNTS.get(summary));
        copyInto(s.rawAggregated(), Internals.GROUP_AGGREGATED.get(summary));
        Internals.TREE_ROOT.setInt(tree, s.root());
        Object allocator = Internals.TREE_ALLOCATOR.get(tree);
        Internals.ALLOC_NEXT.setInt(allocator, slots);
        Object stack = Internals.ALLOC_RELEASED.get(allocator);
        int[] released = s.released(); // a copy: the tree pushes and pops on it
        Internals.STACK_VALUES.set(stack, released);
        Internals.STACK_SIZE.setInt(stack, released.length);
        Internals.AVL_COUNT.setLong(d, s.count());
        Internals.MIN.setDouble(d, s.min());
        Internals.MAX.setDouble(d, s.max());
        return d;
    }

    private static void copyInto(Object from, Object to) {
        System.arraycopy(from, 0, to, 0, java.lang.reflect.Array.getLength(from));
    }

    /**
     * Checks that the node table is a balanced binary tree whose links agree, holding every node
     * that is not released, with finite means and positive weights: t-digest would loop or fail
     * on anything else.
     */
    private static void checkTree(DigestState.AvlTree s) {
        int n = s.slots();
        int[] parent = s.parent();
        int[] left = s.left();
        int[] right = s.right();
        byte[] depth = s.depth();
        double[] means = s.means();
        int[] counts = s.counts();
        if (parent[0] != 0 || left[0] != 0 || right[0] != 0 || depth[0] != 0 || s.aggregated()[0] != 0) {
            throw new IllegalArgumentException("node 0 is the null node and must be empty");
        }
        boolean[] seen = new boolean[n];
        for (int r : s.released()) {
            if (r < 1 || r >= n || seen[r]) {
                throw new IllegalArgumentException("released node " + r + " is out of range or repeated");
            }
            seen[r] = true;
        }
        if (s.root() < 0 || s.root() >= n || seen[s.root()] || s.root() == 0 && s.centroids() != 0) {
            throw new IllegalArgumentException("root " + s.root() + " is not a live node");
        }
        if (s.root() != 0 && parent[s.root()] != 0) {
            throw new IllegalArgumentException("the root has a parent");
        }
        int visited = 0;
        int[] todo = new int[n];
        int top = 0;
        if (s.root() != 0) {
            todo[top++] = s.root();
        }
        while (top > 0) {
            int x = todo[--top];
            if (seen[x]) {
                throw new IllegalArgumentException("node " + x + " is reached twice or is released");
            }
            seen[x] = true;
            visited++;
            if (!Double.isFinite(means[x]) || counts[x] <= 0) {
                throw new IllegalArgumentException("centroid " + x + " is invalid: mean " + means[x] + ", count "
                        + counts[x]);
            }
            int l = left[x];
            int r = right[x];
            if (l < 0 || l >= n || r < 0 || r >= n || l != 0 && parent[l] != x || r != 0 && parent[r] != x) {
                throw new IllegalArgumentException("node " + x + " has inconsistent links");
            }
            if (depth[x] != 1 + Math.max(depth[l], depth[r]) || Math.abs(depth[l] - depth[r]) > 1) {
                throw new IllegalArgumentException("node " + x + " breaks the tree's balance");
            }
            if (l != 0) {
                todo[top++] = l;
            }
            if (r != 0) {
                todo[top++] = r;
            }
        }
        if (visited != s.centroids()) {
            throw new IllegalArgumentException("the tree holds " + visited + " nodes, the table " + s.centroids());
        }
    }

    private static void checkPoints(double[] means, double[] weights) {
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i]) || !(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("centroid " + i + " is invalid: mean " + means[i] + ", weight "
                        + weights[i]);
            }
        }
    }

    private static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw layoutChanged(e);
        }
    }

    private static IllegalStateException layoutChanged(Exception e) {
        return new IllegalStateException("cannot access t-digest's internals (t-digest 3.3 expected)", e);
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field f = owner.getDeclaredField(name);
            if (type != null && f.getType() != type) {
                throw new IllegalStateException("t-digest's " + owner.getSimpleName() + "." + name + " is a "
                        + f.getType() + ", not a " + type + " (t-digest 3.3 expected)");
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException("cannot reach t-digest's " + owner.getSimpleName() + "." + name
                    + " (t-digest 3.3 expected)", e);
        }
    }

    private static Method method(Class<?> owner, String name, Class<?>... params) {
        try {
            Method m = owner.getDeclaredMethod(name, params);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalStateException("cannot reach t-digest's " + owner.getSimpleName() + "." + name
                    + " (t-digest 3.3 expected)", e);
        }
    }

    /** The state of an empty merging digest (its min and max start at infinities), resolved on first use. */
    private static final class Empty {
        static final DigestState.Merging MERGING = (DigestState.Merging) capture(new MergingDigest(10));

        private Empty() {
        }
    }

    /** The fields persistence needs, resolved on first use (plain use of the digests needs none of them). */
    private static final class Internals {
        static final Field MIN = field(TDigest.class, "min", double.class);
        static final Field MAX = field(TDigest.class, "max", double.class);

        static final Field MD_MERGE_COUNT = field(MergingDigest.class, "mergeCount", int.class);
        static final Field MD_LAST_USED = field(MergingDigest.class, "lastUsedCell", int.class);
        static final Field MD_TOTAL_WEIGHT = field(MergingDigest.class, "totalWeight", double.class);
        static final Field MD_WEIGHT = field(MergingDigest.class, "weight", double[].class);
        static final Field MD_MEAN = field(MergingDigest.class, "mean", double[].class);
        static final Field MD_UNMERGED = field(MergingDigest.class, "unmergedWeight", double.class);
        static final Field MD_TEMP_USED = field(MergingDigest.class, "tempUsed", int.class);
        static final Field MD_TEMP_WEIGHT = field(MergingDigest.class, "tempWeight", double[].class);
        static final Field MD_TEMP_MEAN = field(MergingDigest.class, "tempMean", double[].class);

        static final Field AVL_SUMMARY = field(AVLTreeDigest.class, "summary", null);
        static final Field AVL_COUNT = field(AVLTreeDigest.class, "count", long.class);
        static final Class<?> GROUP = AVL_SUMMARY.getType();
        static final Field GROUP_CENTROIDS = field(GROUP, "centroids", double[].class);
        static final Field GROUP_COUNTS = field(GROUP, "counts", int[].class);
        static final Field GROUP_AGGREGATED = field(GROUP, "aggregatedCounts", int[].class);
        static final Field GROUP_DATAS = field(GROUP, "datas", null);
        static final Field GROUP_TREE = field(GROUP, "tree", null);
        static final Class<?> TREE = GROUP_TREE.getType();
        static final Field TREE_ALLOCATOR = field(TREE, "nodeAllocator", null);
        static final Field TREE_ROOT = field(TREE, "root", int.class);
        static final Field TREE_PARENT = field(TREE, "parent", int[].class);
        static final Field TREE_LEFT = field(TREE, "left", int[].class);
        static final Field TREE_RIGHT = field(TREE, "right", int[].class);
        static final Field TREE_DEPTH = field(TREE, "depth", byte[].class);
        static final Method TREE_RESIZE = method(TREE, "resize", int.class);
        static final Field ALLOC_NEXT = field(TREE_ALLOCATOR.getType(), "nextNode", int.class);
        static final Field ALLOC_RELEASED = field(TREE_ALLOCATOR.getType(), "releasedNodes", null);
        static final Field STACK_VALUES = field(ALLOC_RELEASED.getType(), "stack", int[].class);
        static final Field STACK_SIZE = field(ALLOC_RELEASED.getType(), "size", int.class);

        private Internals() {
        }
    }

    /**
     * {@link Random}'s 48-bit linear congruential generator with its state readable and settable,
     * so that the tie-breaking of an {@link AVLTreeDigest} can be persisted. Same sequence as a
     * {@code Random} given the same seed. t-digest draws only {@link #nextDouble()}; the Gaussian
     * cache of {@code Random} would be state not captured here, so {@link #nextGaussian()} is refused.
     * Not thread-safe (single writer, as the digest).
     */
    static final class DigestRandom extends Random {
        private static final long serialVersionUID = 1L;
        private static final long MULTIPLIER = 0x5DEECE66DL;
        private static final long ADDEND = 0xBL;
        private static final long MASK = (1L << 48) - 1;

        /** Set through {@link #setSeed} while {@code Random}'s constructor runs: no initialiser here. */
        private long state;

        DigestRandom(long seed) {
            super(seed);
            setSeed(seed);
        }

        static DigestRandom ofState(long state) {
            if ((state & ~MASK) != 0) {
                throw new IllegalArgumentException("a generator state has 48 bits, got " + Long.toHexString(state));
            }
            DigestRandom r = new DigestRandom(0);
            r.state = state;
            return r;
        }

        long state() {
            return state;
        }

        @Override
        public synchronized void setSeed(long seed) {
            state = (seed ^ MULTIPLIER) & MASK;
        }

        @Override
        protected int next(int bits) {
            state = (state * MULTIPLIER + ADDEND) & MASK;
            return (int) (state >>> (48 - bits));
        }

        @Override
        public synchronized double nextGaussian() {
            throw new UnsupportedOperationException("t-digest's tie-breaking draws uniform numbers only");
        }
    }
}

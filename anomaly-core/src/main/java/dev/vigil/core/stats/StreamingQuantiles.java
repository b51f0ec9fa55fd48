package dev.vigil.core.stats;

import com.tdunning.math.stats.AVLTreeDigest;
import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Approximate quantiles of a stream with exponential forgetting, over Ted Dunning's t-digest
 * ({@code com.tdunning:t-digest} 3.3, {@link AVLTreeDigest}; Dunning and Ertl 2019, "Computing
 * extremely accurate quantiles using t-digests"). {@code compression} δ (default 100) bounds the
 * number of centroids to a few δ; the quantile error is smallest at the tails. Two digest variants
 * are used: while every point weighs exactly 1 (no decay, no {@link #scaleWeight}) the
 * buffer-and-merge {@link MergingDigest}, about twice as fast to update; otherwise the
 * {@link AVLTreeDigest}, because 3.3's {@code MergingDigest} asserts that its end centroids weigh
 * exactly 1, which weighted points violate under {@code -ea}. A {@link #scaleWeight} turns the
 * former into the latter (a rebuild).
 *
 * <p><b>Determinism</b>: 3.3's {@code AVLTreeDigest} breaks ties between equally near centroids (common
 * with integer-valued data) with its own {@link Random}, which it creates unseeded; left alone, two
 * runs over the same points give slightly different quantiles. Every {@code AVLTreeDigest} made here
 * has that generator replaced by one seeded with {@link #seed()} whose state can be read (through
 * reflection on t-digest's package-private {@code gen} field: the library offers no other way, and
 * its version is pinned), so the same points with the same seed give bit-identical quantiles.
 * {@code MergingDigest} has no random part.
 *
 * <p><b>Persistence</b>: {@link #state()} captures everything the future of the summary depends on
 * (the digest's centroids, its buffered points, the generator state, the decay bookkeeping) and
 * {@link #restore} rebuilds a summary that answers and evolves bit for bit as the original; neither
 * changes the original. t-digest's own {@code asBytes} is not used: it merges the buffer first and
 * loses the generator state and the tree's shape ({@link TDigests}).
 *
 * <p><b>Decay</b> d in (0, 1]: each new point should weigh 1 and every older point d times what it
 * weighed before, so the last N points hold {@code 1 - d^N} of the weight, as {@link DecayedMoments}.
 * The digest takes integer weights only, so this is done by <em>weighting with periodic rescaling</em>:
 * the t-th point since the last rescale is added with integer weight
 * {@code round(UNIT / d^t)} (UNIT = 64 when decaying; the relative weights are then exact up to
 * rounding, at most 1/128), which is equivalent to decaying all older points; when the growth
 * {@code 1/d^t} reaches a cap G the digest is rebuilt from its centroids with their weights multiplied by
 * {@code d^t} (centroids whose weight rounds to 0, worth under 1/128 of a fresh point, are dropped).
 * G = {@code min(256, max(2, 2^30 (1 - d) / UNIT))} keeps the total weight, about
 * {@code UNIT · G / (1 - d)}, below 2^30 (so every centroid weight fits an int) while making rebuilds
 * rare: a rebuild costs O(centroids · log δ) and happens every {@code ln G / -ln d} points (every
 * ~5 500 points for d = 0.999), so the amortised cost stays O(1) per point for any d; decays above
 * {@code 1 - 1e-7} are treated as 1 (a window of more than ten million points).
 *
 * <p><b>Heap</b>: a live t-digest is sized for its worst case up front (a {@code MergingDigest} of
 * compression 100 holds about 24 KB, most of it a merge buffer). {@link #compact()} keeps the digest
 * as its exact state instead (the used centroids and buffered points, trimmed primitive arrays), rebuilt
 * on the next use: models that keep one summary per series compact them between batches. A new or
 * {@linkplain #restore restored} summary starts compact (a restored one exactly as it was saved).
 * Points added while compact wait in a small buffer of primitive doubles (at most {@value #MAX_PENDING})
 * until the digest is read ({@link #add}), so a model that learns a few points per batch and reads its
 * quantiles every few batches rebuilds and re-compacts each digest once per read, not once per batch;
 * the pending points are part of the {@linkplain #state() state}, so saving it rebuilds nothing either.
 *
 * <p>Not thread-safe (single writer; even {@link #quantile} may merge buffered points). {@link #add}
 * is O(1) while compact (deferred), else amortised O(log δ): a buffered append plus a periodic sort-and-merge for the merging digest,
 * a tree insertion for the AVL one (which allocates only when a centroid is created, which
 * t-digest's size bound makes rare, and on a rescale). {@link #quantile} is O(δ). {@link #copy}
 * gives an independent copy that evolves identically (O(δ), through {@link #state()}).
 */
public final class StreamingQuantiles {

    /** t-digest's customary compression, and vmanomaly's default. */
    public static final double DEFAULT_COMPRESSION = 100;

    private static final int DECAY_UNIT = 64;
    private static final double NO_DECAY_ABOVE = 1 - 1e-7;
    private static final double MAX_GROWTH = 256;
    private static final double MAX_TOTAL_WEIGHT = 0x1p30;
    /** The most points deferred while compact (2 KB); the models read their digests more often. */
    static final int MAX_PENDING = 256;
    private static final int FIRST_PENDING = 16;

    /** The tie-breaking seed of the two-argument constructor. */
    public static final long DEFAULT_SEED = 0x7D16E57L;

    /**
     * Every field of a {@link StreamingQuantiles}, for persistence. An immutable value.
     *
     * @param compression the compression δ (>= 10)
     * @param decay       the effective decay in (0, 1]
     * @param seed        the tie-breaking seed it was created with
     * @param growth      the weight multiplier of the next point, {@code (1/d)^t} since the last rescale
     * @param count       the number of finite points added, the pending ones included
     * @param digest      the digest's own state
     * @param pending     the finite points added while compact and not applied to {@code digest} yet, in
     *                    arrival order (at most {@value #MAX_PENDING}; {@code growth} is the one before them)
     */
    public record State(double compression, double decay, long seed, double growth, long count, DigestState digest,
                        double[] pending) {

        private static final double[] NONE = {};

        /** Checks that the digest is given; copies the pending points. */
        public State {
            Objects.requireNonNull(digest, "digest");
            pending = pending.length == 0 ? NONE : pending.clone();
        }

        /** A state without pending points. */
        public State(double compression, double decay, long seed, double growth, long count, DigestState digest) {
            this(compression, decay, seed, growth, count, digest, NONE);
        }

        /** A copy of the pending points. */
        @Override
        public double[] pending() {
            return pending.length == 0 ? NONE : pending.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Double.compare(compression, s.compression) == 0
                    && Double.compare(decay, s.decay) == 0 && seed == s.seed && Double.compare(growth, s.growth) == 0
                    && count == s.count && digest.equals(s.digest) && Arrays.equals(pending, s.pending);
        }

        @Override
        public int hashCode() {
            return Objects.hash(compression, decay, seed, growth, count, digest, Arrays.hashCode(pending));
        }

        @Override
        public String toString() {
            return "State[compression=" + compression + ", decay=" + decay + ", seed=" + seed + ", growth=" + growth
                    + ", count=" + count + ", digest=" + digest + ", pending=" + pending.length + "]";
        }
    }

    private final double compression;
    private final double decay;
    private final long seed;
    private final int unit;
    /** The growth at which the digest is rescaled (G in the class doc). */
    private final double growthCap;
    /** The live digest; {@code null} while {@linkplain #compact() compact} (then {@link #held} is the digest). */
    private TDigest digest;
    /** The digest's exact state while compact, else {@code null}. */
    private DigestState held;
    /** Multiplier of the next point's weight: (1/d)^t since the last rescale (pending points not applied yet). */
    private double growth = 1.0;
    /** Finite points added, the pending ones included. */
    private long count;
    /**
     * Points added while compact, not applied to {@link #held} yet, in arrival order (the first
     * {@link #pendingCount}); {@code null} while none are. Only non-empty while compact.
     */
    private double[] pending;
    private int pendingCount;

    /**
     * An empty stream summary with the given compression (>= 10, finite) and decay in (0, 1], and
     * {@link #DEFAULT_SEED} for t-digest's tie-breaking.
     */
    public StreamingQuantiles(double compression, double decay) {
        this(compression, decay, DEFAULT_SEED);
    }

    /**
     * An empty stream summary with the given compression (>= 10, finite), decay in (0, 1] and seed of
     * t-digest's tie-breaking between equally near centroids.
     */
    public StreamingQuantiles(double compression, double decay, long seed) {
        if (!(compression >= 10) || Double.isInfinite(compression)) {
            throw new IllegalArgumentException("compression must be a finite number >= 10, got " + compression);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        this.compression = compression;
        this.seed = seed;
        this.decay = decay > NO_DECAY_ABOVE ? 1.0 : decay;
        this.unit = this.decay == 1.0 ? 1 : DECAY_UNIT;
        this.growthCap = Math.min(MAX_GROWTH, Math.max(2.0, MAX_TOTAL_WEIGHT * (1 - this.decay) / unit));
        // allocated on the first use: a summary that is compacted before it is used never holds a live digest
        this.digest = null;
    }

    /** A live digest of this summary's kind, empty. */
    private TDigest newDigest() {
        return decay == 1.0 ? TDigests.newMerging(compression) : TDigests.newAvl(compression, seed);
    }

    /**
     * The live digest, rebuilt from the compact state when there is one (exactly: it evolves as if never
     * compacted), with the pending points applied in their order.
     */
    private TDigest digest() {
        if (digest == null) {
            // held came from capture() or was checked by restore(): no need to check it again
            digest = held == null ? newDigest() : TDigests.restoreTrusted(held, compression);
            held = null;
            int n = pendingCount;
            double[] points = pending;
            // the buffer goes with its points: a summary between reads holds only what it defers
            pending = null;
            pendingCount = 0;
            for (int i = 0; i < n; i++) {
                apply(points[i]);
            }
        }
        return digest;
    }

    /**
     * Keeps the digest as its exact state (primitive arrays trimmed to the used centroids and the
     * buffered points) instead of the live t-digest, whose arrays are sized for the worst case up front
     * (a {@code MergingDigest} of compression 100: about 24 KB, most of it a merge buffer of about a
     * thousand points; an {@code AVLTreeDigest}: node arrays with spare capacity). The next call that
     * needs the digest rebuilds it, O(δ), and it then answers and evolves bit for bit as if it had never
     * been compacted: compacting changes no result, and results do not depend on when it is done. For
     * models that hold many summaries between batches of points (one per series): compact after each
     * batch. Points {@linkplain #add added} while compact are deferred (see there), so a compact summary
     * that only learns stays compact. O(δ + buffered points); nothing when already compact.
     */
    public void compact() {
        if (digest != null) {
            held = TDigests.capture(digest);
            TDigests.release(digest); // referenced nowhere else: state() and copy() capture, never share
            digest = null;
        }
    }

    /** Whether the summary is {@linkplain #compact() compact} (or not used yet). */
    public boolean isCompact() {
        return digest == null;
    }

    /**
     * The exact state (O(δ) copy; buffered points stay buffered). Points deferred while compact stay
     * pending in it ({@link State#pending}): taking the state of a compact summary rebuilds nothing,
     * O(centroids + pending) with no digest built, so a model saved after every batch (on-disk mode,
     * {@code restore_state}) keeps deferring as one kept in the heap.
     */
    public State state() {
        if (digest != null) {
            return new State(compression, decay, seed, growth, count, TDigests.capture(digest));
        }
        if (held == null) {
            return new State(compression, decay, seed, growth, count, TDigests.capture(newDigest()));
        }
        return new State(compression, decay, seed, growth, count, held,
                pendingCount == 0 ? new double[0] : Arrays.copyOf(pending, pendingCount));
    }

    /**
     * A summary in exactly the given state ({@link #state()}): it answers and evolves bit for bit as
     * the one the state was taken from. O(δ).
     *
     * @throws IllegalArgumentException when the state is inconsistent (a compression, decay or
     *                                  growth out of range, a decaying summary without a weighted
     *                                  digest, invalid centroids)
     */
    public static StreamingQuantiles restore(State s) {
        StreamingQuantiles q = new StreamingQuantiles(s.compression(), s.decay(), s.seed());
        if (q.decay != s.decay()) {
            throw new IllegalArgumentException("decay " + s.decay() + " is not an effective decay (decays above 1 - 1e-7"
                    + " are 1)");
        }
        if (s.count() < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + s.count());
        }
        boolean growthOk = q.decay == 1.0 ? s.growth() == 1.0 : s.growth() >= 1.0 && s.growth() < q.growthCap;
        if (!growthOk) {
            throw new IllegalArgumentException("growth " + s.growth() + " is out of range for decay " + s.decay());
        }
        if (q.decay < 1.0 && !(s.digest() instanceof DigestState.AvlTree)) {
            throw new IllegalArgumentException("a decaying summary keeps a weighted (AVL-tree) digest");
        }
        double[] pending = s.pending;
        if (pending.length > MAX_PENDING || pending.length > s.count()) {
            throw new IllegalArgumentException(pending.length + " pending points: at most " + MAX_PENDING
                    + " and at most the count " + s.count());
        }
        for (double x : pending) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("a pending point is not finite: " + x);
            }
        }
        q.growth = s.growth();
        q.count = s.count();
        // rebuilt once to validate the state (into a pooled digest), then kept compact until used: restoring
        // many summaries (a state file, on-disk mode) neither holds nor allocates a live digest for each
        TDigests.check(s.digest(), s.compression());
        q.held = s.digest();
        if (pending.length > 0) {
            q.pending = pending.clone();
            q.pendingCount = pending.length;
        }
        return q;
    }

    /**
     * Adds one point; {@code NaN} and infinite values are ignored.
     *
     * <p>While the summary is {@linkplain #compact() compact} (and holds a digest) the point is only
     * appended to a pending buffer of primitive doubles, O(1): the digest is rebuilt, and the pending
     * points applied in their order, by the next call that reads or changes it ({@link #quantile},
     * {@link #weight}, {@link #scaleWeight}), or when {@value #MAX_PENDING} points are
     * pending. The same adds in the same order give the same digest bit for bit, so deferring changes
     * no result; it saves the rebuild and the re-compaction of a model that learns a few points per
     * batch and reads its quantiles only every few batches.
     */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            return;
        }
        count++;
        if (digest == null && held != null) {
            if (pendingCount == MAX_PENDING) {
                digest(); // bounds the pending buffer: the summary is live until compacted again
            } else {
                if (pending == null) {
                    pending = new double[FIRST_PENDING];
                } else if (pendingCount == pending.length) {
                    pending = Arrays.copyOf(pending, Math.min(MAX_PENDING, 2 * pending.length));
                }
                pending[pendingCount++] = x;
                return;
            }
        }
        apply(x);
    }

    /** Applies one finite point to the live digest (the weight bookkeeping of the decay included). */
    private void apply(double x) {
        if (decay < 1.0) {
            growth /= decay;
            if (growth >= growthCap) {
                digest = rebuild(digest(), 1.0 / growth, compression, seed);
                growth = 1.0;
            }
        }
        digest().add(x, (int) Math.round(unit * growth));
    }

    /**
     * Multiplies the weight of everything seen so far by {@code factor} (> 0), e.g. to make a fitted
     * history count {@code history_strength} times. O(centroids).
     */
    public void scaleWeight(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number > 0, got " + factor);
        }
        if (factor != 1.0 && count > 0) {
            TDigest from = digest();
            digest = rebuild(from, factor, compression, seed);
            TDigests.release(from);
        }
    }

    /** The approximate q-quantile, {@code NaN} before the first point. O(δ) when points are buffered. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        return count == 0 || digest().size() == 0 ? Double.NaN : digest.quantile(q);
    }

    /** The number of finite points added (not decayed). */
    public long count() {
        return count;
    }

    /** The current total weight in units of one fresh point (equals {@link #count()} without decay). */
    public double weight() {
        return count == 0 ? 0.0 : digest().size() / (unit * growth);
    }

    /** The compression δ. */
    public double compression() {
        return compression;
    }

    /** The seed of t-digest's tie-breaking. */
    public long seed() {
        return seed;
    }

    /** The effective decay (1 for decays above {@code 1 - 1e-7}). */
    public double decay() {
        return decay;
    }

    /** An independent copy that answers and evolves exactly as this one. */
    public StreamingQuantiles copy() {
        return restore(state());
    }

    /** A weighted copy, always an {@link AVLTreeDigest} (weights may differ from 1). */
    private static TDigest rebuild(TDigest from, double factor, double compression, long seed) {
        AVLTreeDigest to = TDigests.newAvl(compression, seed);
        for (Centroid c : from.centroids()) {
            long w = Math.round(c.count() * factor);
            if (w > 0) {
                to.add(c.mean(), (int) Math.min(Integer.MAX_VALUE, w));
            }
        }
        return to;
    }
}

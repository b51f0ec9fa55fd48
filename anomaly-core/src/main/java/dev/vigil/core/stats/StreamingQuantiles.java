package dev.vigil.core.stats;

import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.AVLTreeDigest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Approximate quantiles of a stream with exponential forgetting, over Ted Dunning's t-digest
 * ({@code com.tdunning:t-digest} 3.3, {@link AVLTreeDigest}; Dunning and Ertl 2019, "Computing
 * extremely accurate quantiles using t-digests"). {@code compression} δ (default 100) bounds the
 * number of centroids to a few δ; the quantile error is smallest at the tails. The AVL-tree
 * variant is used rather than 3.3's {@code MergingDigest} because the latter asserts that its end
 * centroids weigh exactly 1, which weighted points (needed for decay) violate under {@code -ea}.
 *
 * <p><b>Decay</b> d in (0, 1]: each new point should weigh 1 and every older point d times what it
 * weighed before, so the last N points hold {@code 1 - d^N} of the weight, as {@link DecayedMoments}.
 * The digest takes integer weights only, so this is done by <em>weighting with periodic rescaling</em>:
 * the t-th point since the last rescale is added with integer weight
 * {@code round(UNIT / d^t)} (UNIT = 64 when decaying; the relative weights are then exact up to
 * rounding, at most 1/128), which is equivalent to decaying all older points; when that weight
 * reaches {@code 2 · UNIT} the digest is rebuilt from its centroids with their weights multiplied by
 * {@code d^t} (centroids whose weight rounds to 0, worth under 1/128 of a fresh point, are dropped).
 * A rebuild is O(centroids) and happens every {@code ln 2 / -ln d} points, so the amortised cost
 * stays O(1) per point for any d; decays above {@code 1 - 1e-7} are treated as 1 (a window of
 * more than ten million points), which keeps every integer weight below 2^31.
 *
 * <p>Not thread-safe (single writer). {@link #add} is O(log δ) (a tree insertion; it
 * allocates only when a centroid is created, which t-digest's size bound makes rare, and on a
 * rescale). {@link #quantile} is O(δ). {@link #copy} gives an independent copy that evolves identically (O(δ), via the digest's
 * serialised form).
 */
public final class StreamingQuantiles {

    /** t-digest's customary compression, and vmanomaly's default. */
    public static final double DEFAULT_COMPRESSION = 100;

    private static final int DECAY_UNIT = 64;
    private static final double NO_DECAY_ABOVE = 1 - 1e-7;

    private final double compression;
    private final double decay;
    private final int unit;
    private AVLTreeDigest digest;
    /** Multiplier of the next point's weight: (1/d)^t since the last rescale. */
    private double growth = 1.0;
    private long count;

    /** An empty stream summary with the given compression (> 0, finite) and decay in (0, 1]. */
    public StreamingQuantiles(double compression, double decay) {
        if (!(compression >= 10) || Double.isInfinite(compression)) {
            throw new IllegalArgumentException("compression must be a finite number >= 10, got " + compression);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        this.compression = compression;
        this.decay = decay > NO_DECAY_ABOVE ? 1.0 : decay;
        this.unit = this.decay == 1.0 ? 1 : DECAY_UNIT;
        this.digest = new AVLTreeDigest(compression);
    }

    private StreamingQuantiles(StreamingQuantiles o) {
        this.compression = o.compression;
        this.decay = o.decay;
        this.unit = o.unit;
        this.growth = o.growth;
        this.count = o.count;
        this.digest = deepCopy(o.digest);
    }

    /**
     * The digest's own serialisation is the only way to copy its full state (tree shape included), which makes the copy evolve exactly as the original.
     */
    private static AVLTreeDigest deepCopy(AVLTreeDigest d) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(d);
            }
            try (ObjectInputStream in = new ObjectInputStream(
                    new ByteArrayInputStream(bytes.toByteArray()))) {
                return (AVLTreeDigest) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy a t-digest", e);
        }
    }

    /** Adds one point; {@code NaN} and infinite values are ignored. */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            return;
        }
        if (decay < 1.0) {
            growth /= decay;
            if (growth * unit >= 2.0 * unit) {
                digest = rebuild(digest, 1.0 / growth, compression);
                growth = 1.0;
            }
        }
        digest.add(x, (int) Math.round(unit * growth));
        count++;
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
            digest = rebuild(digest, factor, compression);
        }
    }

    /** The approximate q-quantile, {@code NaN} before the first point. O(δ) when points are buffered. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        return count == 0 || digest.size() == 0 ? Double.NaN : digest.quantile(q);
    }

    /** The number of finite points added (not decayed). */
    public long count() {
        return count;
    }

    /** The current total weight in units of one fresh point (equals {@link #count()} without decay). */
    public double weight() {
        return digest.size() / (unit * growth);
    }

    /** The compression δ. */
    public double compression() {
        return compression;
    }

    /** The effective decay (1 for decays above {@code 1 - 1e-7}). */
    public double decay() {
        return decay;
    }

    /** An independent copy that answers and evolves exactly as this one. */
    public StreamingQuantiles copy() {
        return new StreamingQuantiles(this);
    }

    private static AVLTreeDigest rebuild(AVLTreeDigest from, double factor, double compression) {
        AVLTreeDigest to = new AVLTreeDigest(compression);
        for (Centroid c : from.centroids()) {
            long w = Math.round(c.count() * factor);
            if (w > 0) {
                to.add(c.mean(), (int) Math.min(Integer.MAX_VALUE, w));
            }
        }
        return to;
    }
}

package dev.vigil.models.quantile;

import dev.vigil.core.stats.StreamingQuantiles;
import java.util.Arrays;

/**
 * A {@link StreamingQuantiles} with a cache of the quantiles the model reads, refreshed after every
 * {@code min(256, 1 + w/32)} points (w = this digest's effective, decayed number of points at the
 * last refresh, {@link StreamingQuantiles#weight()}), so scoring reads an array, the O(δ) quantile
 * queries are amortised, and the cache never lacks more than 1/32 of the digest's weight. Single writer.
 */
final class CachedDigest {

    private static final int MAX_REFRESH = 256;
    private static final int STALENESS = 32;

    /** Replaced only by {@link #restore}. */
    private StreamingQuantiles digest;
    private final double[] probs;
    private final double[] cached;
    private int sinceRefresh;
    private int refreshEvery = 1;

    CachedDigest(double compression, double decay, double[] probs) {
        this.digest = new StreamingQuantiles(compression, decay);
        this.probs = probs;
        this.cached = new double[probs.length];
        Arrays.fill(cached, Double.NaN);
    }

    private CachedDigest(CachedDigest o) {
        this.digest = o.digest.copy();
        this.probs = o.probs;
        this.cached = o.cached.clone();
        this.sinceRefresh = o.sinceRefresh;
        this.refreshEvery = o.refreshEvery;
    }

    /** A digest in exactly the given state (the probabilities come from the spec). */
    CachedDigest(QuantileState.Digest s, double[] probs) {
        this.probs = probs;
        this.cached = new double[probs.length];
        restore(s);
    }

    /** Puts this digest in exactly the given state. */
    void restore(QuantileState.Digest s) {
        if (s.cached().length != probs.length || s.refreshEvery() < 1 || s.sinceRefresh() < 0) {
            throw new IllegalArgumentException("a cached digest holds " + s.cached().length + " quantiles for "
                    + probs.length + " probabilities, refresh counters " + s.sinceRefresh() + "/" + s.refreshEvery());
        }
        this.digest = StreamingQuantiles.restore(s.digest());
        System.arraycopy(s.cached(), 0, cached, 0, cached.length);
        this.sinceRefresh = s.sinceRefresh();
        this.refreshEvery = s.refreshEvery();
    }

    /** The exact state. */
    QuantileState.Digest state() {
        return new QuantileState.Digest(digest.state(), cached.clone(), sinceRefresh, refreshEvery);
    }

    void add(double z) {
        digest.add(z);
        if (++sinceRefresh >= refreshEvery) {
            refresh();
        }
    }

    /** Adds without touching the cache: for the fit window, whose cache is refreshed once at the end. */
    void addQuietly(double z) {
        digest.add(z);
    }

    void refresh() {
        for (int i = 0; i < probs.length; i++) {
            cached[i] = digest.quantile(probs[i]);
        }
        sinceRefresh = 0;
        refreshEvery = (int) Math.min(MAX_REFRESH, 1 + digest.weight() / STALENESS);
    }

    void scaleWeight(double factor) {
        digest.scaleWeight(factor);
        refresh();
    }

    /**
     * Keeps the digest compact ({@link StreamingQuantiles#compact()}); the cache stays. Points learnt
     * afterwards wait in the digest's pending buffer until the next {@link #refresh} reads it.
     */
    void compact() {
        digest.compact();
    }

    /** Whether the digest is compact (for tests of the models' heap between batches). */
    boolean isCompact() {
        return digest.isCompact();
    }

    /** The cached i-th quantile ({@code NaN} while empty). */
    double get(int i) {
        return cached[i];
    }

    long count() {
        return digest.count();
    }

    CachedDigest copy() {
        return new CachedDigest(this);
    }
}

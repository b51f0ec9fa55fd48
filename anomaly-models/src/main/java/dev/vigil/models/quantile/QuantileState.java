package dev.vigil.models.quantile;

import dev.vigil.core.stats.StreamingQuantiles;

/**
 * The fitted state of a {@code quantile_online} model, beyond its spec. A value passed between a
 * model and a stream: the arrays are not copied.
 *
 * @param season    the bucket layout in use (detected on the fit window with {@code seasonal_interval: auto})
 * @param seen      finite points learnt
 * @param filled    buckets holding at least one point
 * @param global    the global digest
 * @param perBucket per bucket its digest, {@code null} while empty; empty without a season
 */
record QuantileState(QuantileSpec.Season season, long seen, int filled, Digest global, Digest[] perBucket) {

    /**
     * One digest and its cache of quantiles.
     *
     * @param digest       the streaming quantiles
     * @param cached       the cached quantiles, one per probability of the spec
     * @param sinceRefresh points added since the cache was refreshed
     * @param refreshEvery points between refreshes
     */
    record Digest(StreamingQuantiles.State digest, double[] cached, int sinceRefresh, int refreshEvery) {
    }
}

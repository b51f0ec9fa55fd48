/**
 * Seasonal decomposition of a regularly sampled series into trend, seasonal and residual parts:
 * {@link dev.vigil.core.decomposition.Stl} (Cleveland et al. 1990, through stl-decomp-4j) behind the
 * {@link dev.vigil.core.decomposition.Decomposer} interface, with {@code NaN} gaps filled before and
 * marked again after. Values are indexed by sample; the caller owns the time grid.
 */
package dev.vigil.core.decomposition;

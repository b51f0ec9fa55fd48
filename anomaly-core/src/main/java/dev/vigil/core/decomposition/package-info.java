/**
 * Seasonal decomposition of a regularly sampled series into trend, seasonal and residual parts,
 * behind the {@link dev.vigil.core.decomposition.Decomposer} interface:
 * {@link dev.vigil.core.decomposition.Stl} (Cleveland et al. 1990, through stl-decomp-4j; {@code NaN}
 * gaps filled before and marked again after) and {@link dev.vigil.core.decomposition.Classical}
 * (statsmodels' one-sided moving-average {@code seasonal_decompose}). Values are indexed by sample;
 * the caller owns the time grid.
 */
package dev.vigil.core.decomposition;

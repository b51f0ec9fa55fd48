/**
 * JMH benchmarks of the {@code prophet} model: fit and predict of two weeks of 5-minute data (the
 * shape of the side-by-side speed target against R prophet). The comparison with R prophet is
 * benchmarks/scripts/prophet/compare_r.sh; figures are in docs/benchmarks.md, section "prophet".
 */
package dev.vigil.benchmarks.prophet;

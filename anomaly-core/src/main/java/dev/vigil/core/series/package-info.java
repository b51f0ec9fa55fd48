/**
 * Time-series values: {@link dev.vigil.core.series.Labels} (an immutable, sorted label set) and
 * {@link dev.vigil.core.series.Series} (epoch-millisecond timestamps and {@code double} values with
 * {@code NaN} as the missing marker); PromQL series selectors, read as
 * {@link dev.vigil.core.series.LabelMatcher} terms and matched against label sets by
 * {@link dev.vigil.core.series.SeriesSelector}. All are immutable and thread-safe.
 */
package dev.vigil.core.series;

/**
 * Time-series values: {@link dev.vigil.core.series.Labels} (an immutable, sorted label set) and
 * {@link dev.vigil.core.series.Series} (epoch-millisecond timestamps and {@code double} values with
 * {@code NaN} as the missing marker). Both are immutable and thread-safe.
 */
package dev.vigil.core.series;

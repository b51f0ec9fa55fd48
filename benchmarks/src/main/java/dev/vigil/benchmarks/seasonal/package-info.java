/**
 * JMH benchmarks of the seasonal models: Holt-Winters fit, STL decomposition and period detection
 * on reproducible synthetic series ({@link dev.vigil.benchmarks.seasonal.SeasonalSeries}).
 */
package dev.vigil.benchmarks.seasonal;

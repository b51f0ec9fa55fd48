/**
 * JMH benchmarks of anomaly-core: the score pipeline ({@link dev.vigil.core.score.ScorePipeline}), points per
 * second for a default score spec and for one with every business argument set; the shortest-decimal writer
 * ({@link dev.vigil.core.text.ShortestDecimal}) against Jackson's String path, nanoseconds and bytes allocated
 * per value. Figures in {@code docs/benchmarks.md}.
 */
package dev.vigil.benchmarks.core;

/**
 * JMH benchmark of anomaly-core's score pipeline ({@link dev.vigil.core.score.ScorePipeline}): points per
 * second for a default score spec and for one with every business argument set. Figures in
 * {@code docs/benchmarks.md}.
 */
package dev.vigil.benchmarks.core;

/**
 * Robust and online statistics: decayed moments, median/MAD and quantiles, streaming quantiles.
 * Classes state their thread-safety; hot paths are allocation-free.
 */
package dev.vigil.core.stats;

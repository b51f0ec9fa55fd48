package dev.vigil.config;

import java.util.Map;

/**
 * The validated {@code settings} section. Immutable and thread-safe.
 *
 * @param nWorkers threads for parallel fit and infer (already resolved: {@code 0}/{@code -1} = cores)
 * @param loggerLevels component prefix (such as {@code reader.vm}) to level
 */
public record Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels) {
}

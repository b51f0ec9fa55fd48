package dev.vigil.config;

import java.util.Map;

/**
 * The validated {@code settings} section. Immutable and thread-safe.
 *
 * @param nWorkers threads for parallel fit and infer (already resolved: {@code 0}/{@code -1} = cores)
 * @param loggerLevels component prefix (such as {@code reader.vm}) to level
 * @param restoreState {@code restore_state}: keep the models of periodic schedulers on disk across
 *     restarts (the runner needs the {@code VMANOMALY_MODEL_DUMPS_DIR} environment variable)
 */
public record Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels,
                       boolean restoreState) {

    /** Settings without {@code restore_state}. */
    public Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels) {
        this(nWorkers, anomalyScoreOutsideDataRange, loggerLevels, false);
    }
}

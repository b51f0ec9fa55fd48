package dev.vigil.config;

import java.time.Duration;
import java.util.Map;

/**
 * The validated {@code settings} section. Immutable and thread-safe.
 *
 * @param nWorkers threads for parallel fit and infer (already resolved: {@code 0}/{@code -1} = cores)
 * @param loggerLevels component prefix (such as {@code reader.vm}) to level
 * @param restoreState {@code restore_state}: keep the models of periodic schedulers on disk across
 *     restarts (the runner needs the {@code VMANOMALY_MODEL_DUMPS_DIR} environment variable)
 * @param retention {@code retention}: when stale models are dropped; {@code null} when off (the default)
 */
public record Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels,
                       boolean restoreState, Retention retention) {

    /** Settings without {@code restore_state} and {@code retention}. */
    public Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels) {
        this(nWorkers, anomalyScoreOutsideDataRange, loggerLevels, false, null);
    }

    /** Settings without {@code retention}. */
    public Settings(int nWorkers, double anomalyScoreOutsideDataRange, Map<String, String> loggerLevels,
                    boolean restoreState) {
        this(nWorkers, anomalyScoreOutsideDataRange, loggerLevels, restoreState, null);
    }

    /**
     * {@code settings.retention}: the model of a series (in memory, in the model dumps and in the
     * stored state) is dropped once the series has not been fitted or inferred for {@code ttl}, for
     * instance because it left the query's results. Immutable and thread-safe.
     *
     * @param ttl how long a series' model is kept without use; positive
     * @param checkInterval how often the service looks for stale models; positive, at most {@code ttl}
     *     is sensible (a larger one only checks late)
     */
    public record Retention(Duration ttl, Duration checkInterval) {

        /** {@code check_interval} when the configuration leaves it out: an hour, or {@code ttl} when shorter. */
        public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);
    }
}

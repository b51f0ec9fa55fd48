package dev.vigil.runner.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * One query of {@code reader.queries} with reader-level defaults applied (spec 4.1).
 *
 * @param policies query-level business policies ({@code detection_direction},
 *     {@code min_dev_from_expected}, {@code min_rel_dev_from_expected}, {@code data_range}) that
 *     override the model's values
 */
public record QueryConfig(String alias, String expr, Duration step, double dataRangeLow, double dataRangeHigh,
                          ZoneId tz, Duration offset, int maxPointsPerQuery, String tenantId,
                          Map<String, Object> policies) {
}

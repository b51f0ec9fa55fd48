package dev.vigil.vm;

import dev.vigil.core.series.Series;
import java.util.Objects;

/**
 * One series to write: the values of one output variable for one input series.
 *
 * @param variable       the output name, {@code $VAR}: {@code anomaly_score}, {@code yhat}, ...
 * @param queryKey       the reader query alias, {@code $QUERY_KEY}
 * @param modelAlias     the model alias (label {@code model_alias}), or null to omit
 * @param schedulerAlias the scheduler alias (label {@code scheduler_alias}), or null to omit
 * @param series         the points, labelled with the INPUT series' labels (its {@code __name__} is replaced)
 */
public record OutputSeries(String variable, String queryKey, String modelAlias, String schedulerAlias, Series series) {

    /** Checks that the mandatory parts are present. */
    public OutputSeries {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(queryKey, "queryKey");
        Objects.requireNonNull(series, "series");
        if (variable.isEmpty()) {
            throw new IllegalArgumentException("output variable name must not be empty");
        }
    }
}

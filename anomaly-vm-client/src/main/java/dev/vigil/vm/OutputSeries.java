package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The labels this series is written with (vmanomaly docs, Writer, v1.30): the input labels without their {@code __name__},
     * then every {@code metricFormat} entry with {@code $VAR} and {@code $QUERY_KEY} substituted, then
     * {@code model_alias} and {@code scheduler_alias}; later entries win over input labels.
     */
    public Labels labels(Map<String, String> metricFormat) {
        return series.labels().overlaidBy(generated(metricFormat));
    }

    /**
     * The labels this series adds to (or replaces in) its input's: {@code metricFormat} resolved for it,
     * then the aliases; {@code __name__} is the output's name (none when {@code metricFormat} gives none).
     * It depends on the variable, query key and aliases only, so a writer computes it once for all the
     * input series written with them ({@link OutputLabels}).
     */
    Labels generated(Map<String, String> metricFormat) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metricFormat.entrySet()) {
            m.put(e.getKey(), e.getValue().replace("$VAR", variable).replace("$QUERY_KEY", queryKey));
        }
        if (modelAlias != null) {
            m.put("model_alias", modelAlias);
        }
        if (schedulerAlias != null) {
            m.put("scheduler_alias", schedulerAlias);
        }
        return Labels.of(m);
    }
}

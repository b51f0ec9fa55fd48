package dev.vigil.config.sharding;

import java.util.Locale;

/**
 * The entity a configuration is split by ({@code VMANOMALY_SPLIT_BY}): each value gives one
 * sub-configuration per entity.
 */
public enum SplitBy {
    /** One per (model, scheduler, query) triple: the finest split, and the default. */
    COMPLETE,
    /** One per scheduler, with every model and query attached to it. */
    SCHEDULERS,
    /** One per model, with every scheduler and query it is attached to. */
    MODELS,
    /** One per query, with every model and scheduler reading it. */
    QUERIES,
    /**
     * One per entry of {@code reader.extra_filters}: every (model, scheduler, query) triple, reading only
     * the series that filter selects. VictoriaMetrics joins several {@code extra_filters[]} with "or", so a
     * member holding several filters reads the union of their series.
     */
    EXTRA_FILTERS;

    /** The spelling of {@code VMANOMALY_SPLIT_BY}, e.g. {@code extra_filters}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The split named {@code text} (case-insensitive; {@code -} reads as {@code _}).
     *
     * @throws ShardingException naming {@code variable} and the value when it is no split
     */
    static SplitBy parse(String variable, String text) throws ShardingException {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SplitBy s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        throw new ShardingException(variable + " must be one of complete, schedulers, models, queries,"
                + " extra_filters; got '" + text + "'");
    }
}

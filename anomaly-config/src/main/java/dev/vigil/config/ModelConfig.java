package dev.vigil.config;

import dev.vigil.models.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One validated model of section {@code models}, attached to its queries and schedulers. Immutable and
 * thread-safe (the specs are).
 *
 * @param modelClass canonical registry alias, e.g. {@code zscore_online}
 * @param args the model's own arguments ({@code class}, {@code queries}, {@code schedulers} removed)
 * @param specs one validated spec per attached query alias (query-level policies applied)
 * @param only the (scheduler, query) pairs the model runs on when they are not every pair of
 *     {@code schedulers} × {@code queries} (a member's share of a sharded configuration); {@code null}:
 *     every pair
 */
public record ModelConfig(String alias, String modelClass, Map<String, Object> args, List<String> queries,
                          List<String> schedulers, Map<String, ModelSpec> specs, Set<Attachment> only) {

    /** One (scheduler, query) pair a model runs on. */
    public record Attachment(String scheduler, String query) {
    }

    /** Copies {@code only}. */
    public ModelConfig {
        only = only == null ? null : Set.copyOf(only);
    }

    /** A model that runs on every pair of its {@code schedulers} × {@code queries}. */
    public ModelConfig(String alias, String modelClass, Map<String, Object> args, List<String> queries,
                       List<String> schedulers, Map<String, ModelSpec> specs) {
        this(alias, modelClass, args, queries, schedulers, specs, null);
    }

    /**
     * {@code groupby}: the label names whose values split the series of a multivariate or peer model
     * into groups, one model per group (validated: only such models have it); empty: one group.
     */
    public List<String> groupby() {
        return args.get("groupby") instanceof List<?> names ? names.stream().map(String::valueOf).toList() : List.of();
    }

    /** Whether the model runs on {@code query} under {@code scheduler}. O(1) after the list look-ups. */
    public boolean attached(String scheduler, String query) {
        return schedulers.contains(scheduler) && queries.contains(query)
                && (only == null || only.contains(new Attachment(scheduler, query)));
    }
}

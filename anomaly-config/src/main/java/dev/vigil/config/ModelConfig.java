package dev.vigil.config;

import dev.vigil.models.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * One validated model of section {@code models}, attached to its queries and schedulers. Immutable and
 * thread-safe (the specs are).
 *
 * @param modelClass canonical registry alias, e.g. {@code zscore_online}
 * @param args the model's own arguments ({@code class}, {@code queries}, {@code schedulers} removed)
 * @param specs one validated spec per attached query alias (query-level policies applied)
 */
public record ModelConfig(String alias, String modelClass, Map<String, Object> args, List<String> queries,
                          List<String> schedulers, Map<String, ModelSpec> specs) {
}

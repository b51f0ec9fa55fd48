package dev.vigil.config.sharding;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.RunnerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decomposes a validated configuration into sub-configurations by one {@link SplitBy}. The order is
 * the string order of the sub-configurations' keys (model, then scheduler, then query alias for
 * {@code complete}, whose multivariate models keep their queries in one sub-configuration; the filter text for {@code extra_filters}), not the order of the YAML, so members
 * whose configuration was merged from files in another order still compute the same list. Stateless
 * and thread-safe; O(E log E) for E (model, scheduler, query) triples.
 */
public final class SubConfigs {

    private SubConfigs() {
    }

    /**
     * The sub-configurations of {@code config}, split by {@code by}.
     *
     * @throws ShardingException for {@code extra_filters} when the reader has none (or is a file reader)
     */
    public static List<SubConfig> of(RunnerConfig config, SplitBy by) throws ShardingException {
        TreeSet<SubConfig.Entity> all = entities(config);
        Map<String, List<SubConfig.Entity>> groups = new TreeMap<>();
        if (by == SplitBy.EXTRA_FILTERS) {
            List<String> filters = config.reader().client() == null ? List.of()
                    : config.reader().client().extraFilters();
            if (filters.isEmpty()) {
                throw new ShardingException(Membership.SPLIT_BY + " is 'extra_filters' but reader.extra_filters"
                        + (config.reader().client() == null ? " does not exist for the file reader" : " is empty")
                        + ": list one series selector per part of the series, e.g. ['{shard=\"a\"}', '{shard=\"b\"}']");
            }
            List<SubConfig> out = new ArrayList<>();
            int i = 0;
            for (String f : new TreeSet<>(filters)) {
                out.add(new SubConfig(i++, "extra_filter=" + f, List.copyOf(all), f));
            }
            return out;
        }
        for (SubConfig.Entity e : all) {
            String key = switch (by) {
                // vmanomaly: a multivariate model's queries stay together (it is one model over all of them).
                case COMPLETE -> multivariate(config, e.model())
                        ? "model=" + e.model() + ",scheduler=" + e.scheduler() + ",query=*" : e.toString();
                case SCHEDULERS -> "scheduler=" + e.scheduler();
                case MODELS -> "model=" + e.model();
                case QUERIES -> "query=" + e.query();
                case EXTRA_FILTERS -> throw new AssertionError("handled above");
            };
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        List<SubConfig> out = new ArrayList<>(groups.size());
        int i = 0;
        for (Map.Entry<String, List<SubConfig.Entity>> g : groups.entrySet()) {
            out.add(new SubConfig(i++, g.getKey(), g.getValue(), null));
        }
        return out;
    }

    private static boolean multivariate(RunnerConfig config, String model) {
        ModelConfig m = config.models().get(model);
        return m != null && m.specs().values().stream().anyMatch(dev.vigil.models.MultivariateSpec.class::isInstance);
    }

    /** Every (model, scheduler, query) triple the configuration runs, sorted. */
    static TreeSet<SubConfig.Entity> entities(RunnerConfig config) {
        TreeSet<SubConfig.Entity> out = new TreeSet<>();
        for (ModelConfig m : config.models().values()) {
            for (String s : m.schedulers()) {
                for (String q : m.queries()) {
                    if (m.attached(s, q) && config.schedulers().containsKey(s)
                            && config.reader().queries().containsKey(q)) {
                        out.add(new SubConfig.Entity(m.alias(), s, q));
                    }
                }
            }
        }
        return out;
    }
}

package dev.vigil.config.sharding;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.ReaderConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.models.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A member's share of a configuration: the sub-configurations assigned to it and the configuration
 * that runs exactly them. Stateless and thread-safe.
 */
public final class Sharding {

    private Sharding() {
    }

    /**
     * One member's share. Immutable and thread-safe.
     *
     * @param membership who this member is
     * @param all        every sub-configuration, in order
     * @param mine       those this member runs, in order
     * @param config     the configuration restricted to {@code mine} (schedulers, models, queries and, for
     *                   {@code extra_filters}, the reader's filters); {@code null} when {@code mine} is empty
     */
    public record Share(Membership membership, List<SubConfig> all, List<SubConfig> mine, RunnerConfig config) {

        /** Copies the lists. */
        public Share {
            all = List.copyOf(all);
            mine = List.copyOf(mine);
        }

        /** Whether this member has nothing to run. */
        public boolean empty() {
            return mine.isEmpty();
        }

        /** The share as lines of text, for the start-up log and {@code --dryRun}. */
        public List<String> describe() {
            List<String> out = new ArrayList<>();
            out.add(membership + ": " + mine.size() + " of " + all.size() + " sub-configuration"
                    + (all.size() == 1 ? "" : "s"));
            for (SubConfig s : mine) {
                out.add("  " + s + " on members " + java.util.Arrays.toString(Assignment.members(s, membership)));
                if (membership.splitBy() != SplitBy.COMPLETE && membership.splitBy() != SplitBy.EXTRA_FILTERS) {
                    s.entities().forEach(e -> out.add("    " + e));
                }
            }
            return out;
        }
    }

    /**
     * The share of {@code m.num()}. With one member this is the whole configuration, unchanged.
     *
     * @throws ShardingException when the configuration cannot be split by {@code m.splitBy()}
     */
    public static Share share(RunnerConfig config, Membership m) throws ShardingException {
        List<SubConfig> all = SubConfigs.of(config, m.splitBy());
        List<SubConfig> mine = new ArrayList<>();
        for (SubConfig s : all) {
            if (Assignment.runsOn(s, m)) {
                mine.add(s);
            }
        }
        RunnerConfig restricted = mine.isEmpty() ? null : m.count() == 1 ? config : restrict(config, mine);
        return new Share(m, all, mine, restricted);
    }

    /** {@code config} running only the triples (and filters) of {@code subs}; the orders of the config kept. */
    static RunnerConfig restrict(RunnerConfig config, List<SubConfig> subs) {
        Set<SubConfig.Entity> keep = new LinkedHashSet<>();
        List<String> filters = new ArrayList<>();
        for (SubConfig s : subs) {
            keep.addAll(s.entities());
            if (s.extraFilter() != null) {
                filters.add(s.extraFilter());
            }
        }
        Set<String> usedSchedulers = new LinkedHashSet<>();
        Set<String> usedQueries = new LinkedHashSet<>();
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        config.models().forEach((alias, m) -> {
            Set<ModelConfig.Attachment> pairs = new LinkedHashSet<>();
            List<String> schedulers = new ArrayList<>();
            List<String> queries = new ArrayList<>();
            for (String s : m.schedulers()) {
                for (String q : m.queries()) {
                    if (keep.contains(new SubConfig.Entity(m.alias(), s, q))) {
                        pairs.add(new ModelConfig.Attachment(s, q));
                        if (!schedulers.contains(s)) {
                            schedulers.add(s);
                        }
                        if (!queries.contains(q)) {
                            queries.add(q);
                        }
                    }
                }
            }
            if (pairs.isEmpty()) {
                return;
            }
            queries.sort(java.util.Comparator.comparingInt(m.queries()::indexOf));
            Map<String, ModelSpec> specs = new LinkedHashMap<>();
            queries.forEach(q -> {
                if (m.specs().containsKey(q)) {
                    specs.put(q, m.specs().get(q));
                }
            });
            boolean every = pairs.size() == schedulers.size() * queries.size();
            models.put(alias, new ModelConfig(m.alias(), m.modelClass(), m.args(), queries, schedulers, specs,
                    every ? null : pairs));
            usedSchedulers.addAll(schedulers);
            usedQueries.addAll(queries);
        });
        Map<String, SchedulerConfig> schedulers = new LinkedHashMap<>();
        config.schedulers().forEach((a, s) -> {
            if (usedSchedulers.contains(a)) {
                schedulers.put(a, s);
            }
        });
        Map<String, QueryConfig> queries = new LinkedHashMap<>();
        config.reader().queries().forEach((a, q) -> {
            if (usedQueries.contains(a)) {
                queries.put(a, q);
            }
        });
        ReaderConfig reader = config.reader().withQueries(queries);
        if (!filters.isEmpty()) {
            // Keep the configuration's order of the filters: it is the order of the extra_filters[] arguments.
            List<String> ordered = new ArrayList<>(config.reader().client().extraFilters());
            ordered.retainAll(filters);
            reader = reader.withExtraFilters(ordered);
        }
        return new RunnerConfig(schedulers, models, reader, config.writer(), config.monitoring(), config.settings(),
                config.warnings(), config.server(), config.preset());
    }
}

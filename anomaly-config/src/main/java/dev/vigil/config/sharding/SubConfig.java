package dev.vigil.config.sharding;

import java.util.List;

/**
 * One sub-configuration: the unit a member runs. Immutable and thread-safe.
 *
 * @param index       0-based position in {@link SubConfigs#of}'s order (the round-robin position)
 * @param key         a stable text naming the entity, e.g. {@code model=z,scheduler=s,query=cpu}; the
 *                    rendezvous hash is taken of it, so it depends on aliases only, never on the order of
 *                    the configuration or its other entries
 * @param entities    the (model, scheduler, query) triples it runs, in key order
 * @param extraFilter with {@link SplitBy#EXTRA_FILTERS}, the one {@code reader.extra_filters} entry it reads
 *                    through; {@code null} otherwise
 */
public record SubConfig(int index, String key, List<Entity> entities, String extraFilter) {

    /** One model run on one query under one scheduler. */
    public record Entity(String model, String scheduler, String query) implements Comparable<Entity> {

        @Override
        public int compareTo(Entity o) {
            int c = model.compareTo(o.model);
            c = c != 0 ? c : scheduler.compareTo(o.scheduler);
            return c != 0 ? c : query.compareTo(o.query);
        }

        @Override
        public String toString() {
            return "model=" + model + ",scheduler=" + scheduler + ",query=" + query;
        }
    }

    /** Copies the entities. */
    public SubConfig {
        entities = List.copyOf(entities);
    }

    /** The 1-based number vmanomaly's documentation uses for sub-configurations. */
    public int number() {
        return index + 1;
    }

    @Override
    public String toString() {
        return "#" + number() + " " + key + " (" + entities.size() + " model entit" + (entities.size() == 1 ? "y" : "ies")
                + ")";
    }
}

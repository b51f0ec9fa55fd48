package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.peer.PeerOutlierModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of multivariate and peer groups ({@link GroupStage}, {@link PeerStage}), one per
 * (scheduler, model, query key, group). With {@code settings.restore_state} they are stored after
 * every job that fitted or inferred them and restored at start ({@link GroupFiles},
 * {@link Persistence}); on-disk mode keeps them in memory.
 *
 * <p>Thread-safe map; one group's model is used by one thread at a time (a scheduler's jobs are
 * sequential; backtesting windows have states of their own).
 */
final class GroupStates {

    /**
     * One group's model.
     *
     * @param query the query alias, or the model's query aliases joined by {@code ","} for a multivariate
     *              model fed by several queries
     * @param group the values of the {@code groupby} labels
     */
    record Key(String scheduler, String model, String query, Labels group) {
    }

    /** A fitted multivariate model and the channels it was fitted on, in its row order. */
    static final class Multi {
        final MultivariateModel model;
        final List<GroupStage.Channel> channels;
        long lastSeen = Long.MIN_VALUE;

        Multi(MultivariateModel model, List<GroupStage.Channel> channels) {
            this.model = model;
            this.channels = List.copyOf(channels);
        }
    }

    /** A peer group's model and the last timestamp it scored. */
    static final class Peer {
        final PeerOutlierModel model;
        long lastSeen = Long.MIN_VALUE;

        Peer(PeerOutlierModel model) {
            this.model = model;
        }
    }

    private final Map<Key, Multi> multi = new ConcurrentHashMap<>();
    private final Map<Key, Peer> peers = new ConcurrentHashMap<>();

    Multi multi(Key k) {
        return multi.get(k);
    }

    void putMulti(Key k, Multi m) {
        multi.put(k, m);
    }

    Peer peer(Key k) {
        return peers.get(k);
    }

    void putPeer(Key k, Peer p) {
        peers.put(k, p);
    }

    /** The multivariate groups of {@code (scheduler, model, query)}, by group labels (a snapshot). */
    Map<Labels, Multi> multi(String scheduler, String model, String query) {
        Map<Labels, Multi> out = new java.util.TreeMap<>();
        multi.forEach((k, v) -> {
            if (k.scheduler().equals(scheduler) && k.model().equals(model) && k.query().equals(query)) {
                out.put(k.group(), v);
            }
        });
        return out;
    }

    /** The peer groups of {@code (scheduler, model, query)}, by group labels (a snapshot). */
    Map<Labels, Peer> peers(String scheduler, String model, String query) {
        Map<Labels, Peer> out = new java.util.TreeMap<>();
        peers.forEach((k, v) -> {
            if (k.scheduler().equals(scheduler) && k.model().equals(model) && k.query().equals(query)) {
                out.put(k.group(), v);
            }
        });
        return out;
    }

    /** The number of group models of {@code model} under {@code scheduler}. */
    int count(String scheduler, String model) {
        return (int) (multi.keySet().stream().filter(k -> k.scheduler().equals(scheduler) && k.model().equals(model))
                .count() + peers.keySet().stream().filter(k -> k.scheduler().equals(scheduler)
                && k.model().equals(model)).count());
    }

    /** Drops every group model of {@code model} under {@code scheduler} (a reload removed or changed it). */
    void drop(String scheduler, String model) {
        multi.keySet().removeIf(k -> k.scheduler().equals(scheduler) && k.model().equals(model));
        peers.keySet().removeIf(k -> k.scheduler().equals(scheduler) && k.model().equals(model));
    }

    /** The values of the {@code groupby} labels of {@code labels} (a missing label counts as empty). */
    static Labels groupOf(Labels labels, List<String> groupby) {
        if (groupby.isEmpty()) {
            return Labels.empty();
        }
        Map<String, String> m = new java.util.TreeMap<>();
        for (String g : groupby) {
            String v = labels.get(g);
            m.put(g, v == null ? "" : v);
        }
        return Labels.of(m);
    }
}

package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.core.series.Labels;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.peer.PeerOutlierModel;
import dev.vigil.runner.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The group models of one (scheduler, model, query) as the entries of a {@link StateStore} file, so
 * that they get the same crash-safe write, checksum, signature and delete paths as univariate series.
 *
 * <p>Encoding: one entry per group, labelled with the group's {@code groupby} values, holding its
 * model and last scored timestamp. A multivariate group also needs the ordered channels it was fitted
 * on (its rows' column order): each channel is one more entry without a model, labelled with the
 * channel's labels plus {@value #CHANNEL} = {@code "<position>/<query>"}; its group follows from its
 * labels and the model's {@code groupby}, as at fit time. A multivariate model attached to several
 * queries has one combination per query; each of their files holds all its groups, so that every
 * combination is restored (and none refitted) from its own file.
 *
 * <p>Thread-safety: stateless. O(groups + channels) per call.
 */
final class GroupFiles {

    /** The label marking a channel entry; a double underscore keeps it apart from user labels. */
    static final String CHANNEL = "__vigil_channel__";

    private GroupFiles() {
    }

    /** The query of the group keys of {@code m} on combination query {@code query} (see {@link GroupStates.Key}). */
    static String key(RunnerConfig config, String scheduler, ModelConfig m, String query) {
        if (!(m.specs().get(query) instanceof MultivariateSpec)) {
            return query;
        }
        return GroupStage.forKey(config.reader().queries().keySet().stream()
                .filter(q -> m.attached(scheduler, q)).toList());
    }

    /** The entries of the groups of {@code (scheduler, m, key)} in {@code st}; {@code key}: the group key's query. */
    static List<StateStore.Entry> entries(GroupStates st, String scheduler, ModelConfig m, String key) {
        List<StateStore.Entry> out = new ArrayList<>();
        st.multi(scheduler, m.alias(), key).forEach((group, g) -> {
            out.add(new StateStore.Entry(group, g.model, g.lastSeen));
            for (int i = 0; i < g.channels.size(); i++) {
                GroupStage.Channel c = g.channels.get(i);
                out.add(new StateStore.Entry(c.labels().with(CHANNEL, i + "/" + c.query()), null, Long.MIN_VALUE));
            }
        });
        st.peers(scheduler, m.alias(), key).forEach((group, p) ->
                out.add(new StateStore.Entry(group, p.model, p.lastSeen)));
        return out;
    }

    /**
     * Puts the groups stored in {@code entries} into {@code st} under {@code (scheduler, m, key)}.
     *
     * @throws IOException when an entry is not a group of this model (wrong model kind, a channel
     *                     without its group, a missing channel position)
     */
    static void restore(Collection<StateStore.Entry> entries, GroupStates st, String scheduler, ModelConfig m,
                        String key) throws IOException {
        Map<Labels, StateStore.Entry> groups = new HashMap<>();
        Map<Labels, TreeMap<Integer, GroupStage.Channel>> channels = new HashMap<>();
        for (StateStore.Entry e : entries) {
            String ch = e.labels().get(CHANNEL);
            if (ch == null) {
                groups.put(e.labels(), e);
                continue;
            }
            int slash = ch.indexOf('/');
            if (slash <= 0) {
                throw new IOException("bad channel entry '" + ch + "'");
            }
            Map<String, String> labels = new TreeMap<>(e.labels().asMap());
            labels.remove(CHANNEL);
            Labels l = Labels.of(labels);
            int pos;
            try {
                pos = Integer.parseInt(ch.substring(0, slash));
            } catch (NumberFormatException x) {
                throw new IOException("bad channel position in '" + ch + "'");
            }
            channels.computeIfAbsent(GroupStates.groupOf(l, m.groupby()), g -> new TreeMap<>())
                    .put(pos, new GroupStage.Channel(ch.substring(slash + 1), l));
        }
        for (Map.Entry<Labels, StateStore.Entry> g : groups.entrySet()) {
            GroupStates.Key k = new GroupStates.Key(scheduler, m.alias(), key, g.getKey());
            StateStore.Entry e = g.getValue();
            if (e.model() instanceof MultivariateModel mv) {
                TreeMap<Integer, GroupStage.Channel> cs = channels.remove(g.getKey());
                if (cs == null || cs.firstKey() != 0 || cs.lastKey() != cs.size() - 1) {
                    throw new IOException("the channels of group " + g.getKey() + " are missing or incomplete");
                }
                GroupStates.Multi multi = new GroupStates.Multi(mv, new ArrayList<>(cs.values()));
                multi.lastSeen = e.lastSeen();
                st.putMulti(k, multi);
            } else if (e.model() instanceof PeerOutlierModel pm) {
                GroupStates.Peer peer = new GroupStates.Peer(pm);
                peer.lastSeen = e.lastSeen();
                st.putPeer(k, peer);
            } else {
                throw new IOException("group " + g.getKey() + " holds no group model");
            }
        }
        if (!channels.isEmpty()) {
            throw new IOException("channels without their group: " + channels.keySet());
        }
    }
}

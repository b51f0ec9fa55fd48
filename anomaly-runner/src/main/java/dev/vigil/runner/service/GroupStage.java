package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.core.prediction.Columns;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.OnlineMultivariateModel;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.vm.OutputSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job of a multivariate model ({@link MultivariateSpec}, e.g. {@code isolation_forest_multivariate}):
 * one model per group over the series of all the queries the model is attached to (vmanomaly docs,
 * "Models", multivariate models and {@code groupby}).
 *
 * <ul>
 *   <li><b>Channels and groups</b>: every series of the model's queries read by the job is a channel,
 *       identified by its query alias and labels. {@code groupby} splits the channels by the values of
 *       those labels (a missing label counts as empty), one model per group; without it all channels
 *       form one group. Channels are ordered by query (the model's order), then labels, so the order
 *       never depends on the order VictoriaMetrics returns them in.
 *   <li><b>Alignment</b>: a row is a timestamp at which every channel of the group has a finite value.
 *       The readers return points on each query's step grid, so series of queries with the same step
 *       share timestamps; a timestamp missing in any channel (a gap, a NaN, another step) gives no row
 *       and no score. Nothing is filled in.
 *   <li><b>Fit</b>: each group's model is fitted on its rows in {@code [fitStart, fitEnd]}; a group with
 *       fewer rows than the model needs is skipped until the next fit.
 *   <li><b>Infer</b>: the rows in {@code (inferStart, inferEnd]} newer than the group's last scored row.
 *       A group whose channels differ from those it was fitted on (a channel missing, a new one) or
 *       that was never fitted is skipped until the next fit, as vmanomaly does.
 *   <li><b>Output</b>: one {@code anomaly_score} series per group, labelled with the labels every
 *       channel of the group shares (with {@code groupby}, at least the group's labels), {@code for}
 *       the query alias (the aliases joined by {@code ","} when the model reads several queries),
 *       {@code model_alias} and {@code scheduler_alias}. A joint score has no single {@code y} or
 *       {@code yhat}, so only {@code anomaly_score} is written.
 * </ul>
 *
 * <p>Thread-safety: called by one scheduler thread at a time for a given {@link GroupStates}. O(rows ·
 * channels) for the alignment, plus the model's own cost.
 */
final class GroupStage {

    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    /** One input series of a multivariate model: its query and labels. */
    record Channel(String query, Labels labels) {
    }

    /** What a group stage did, for the model metrics. */
    record Tally(int runs, long accepted, long produced, int skipped, int errors) {
    }

    private GroupStage() {
    }

    /** Whether {@code m} runs through a group stage (multivariate or peer) rather than per series. */
    static boolean grouped(ModelConfig m) {
        return m.specs().values().stream().anyMatch(s -> s instanceof MultivariateSpec
                || s instanceof dev.vigil.models.peer.PeerSpec);
    }

    /** The {@code for} label of a multivariate model reading {@code queries}. */
    static String forKey(List<String> queries) {
        return String.join(",", queries);
    }

    /**
     * Runs {@code job} for multivariate model {@code m} on the series of {@code queries} in {@code read},
     * adding the outputs to {@code out}.
     */
    static Tally run(String scheduler, ModelConfig m, List<String> queries, Map<String, ReadSeries> read, Job job,
                     GroupStates st, List<OutputSeries> out) {
        MultivariateSpec spec = (MultivariateSpec) m.specs().get(queries.get(0));
        String forKey = forKey(queries);
        // Grouped by labels alone: a group's series are loaded when its turn comes (a parked read holds
        // only the labels until then).
        Map<Labels, List<Channel>> groups = new TreeMap<>();
        for (String q : queries) {
            ReadSeries rs = read.get(q);
            for (Labels l : rs == null ? List.<Labels>of() : rs.labels()) {
                groups.computeIfAbsent(GroupStates.groupOf(l, m.groupby()), k -> new ArrayList<>())
                        .add(new Channel(q, l));
            }
        }
        int runs = 0;
        int skipped = 0;
        int errors = 0;
        long accepted = 0;
        long produced = 0;
        for (Map.Entry<Labels, List<Channel>> g : groups.entrySet()) {
            GroupStates.Key key = new GroupStates.Key(scheduler, m.alias(), forKey, g.getKey());
            List<Channel> channels = new ArrayList<>(g.getValue());
            channels.sort(Comparator.comparingInt((Channel c) -> queries.indexOf(c.query()))
                    .thenComparing(Channel::labels));
            try {
                List<Series> members = channels.stream().map(c -> read.get(c.query()).get(c.labels())).toList();
                if (job.fits()) {
                    Rows r = Rows.align(members, job.fitStart().toEpochMilli(), job.fitEnd().toEpochMilli());
                    try {
                        st.putMulti(key, new GroupStates.Multi(spec.fit(r.timestamps, r.rows), channels));
                        runs++;
                        accepted += (long) r.rows.length * channels.size();
                    } catch (InsufficientDataException e) {
                        skipped++;
                        MODEL_LOG.debug("model '{}' skipped fit of group {}: {}", m.alias(), g.getKey(), e.getMessage());
                    }
                }
                if (job.infers()) {
                    GroupStates.Multi fitted = st.multi(key);
                    if (fitted == null || !fitted.channels.equals(channels)) {
                        skipped++;
                        MODEL_LOG.warn("model '{}' (scheduler '{}'): group {} {}; it waits for the next fit",
                                m.alias(), scheduler, g.getKey(), fitted == null ? "was not fitted"
                                        : "has other channels than at fit time (" + channels.size() + " now, "
                                        + fitted.channels.size() + " then)");
                        continue;
                    }
                    long from = Math.max(fitted.lastSeen, job.inferStart().toEpochMilli());
                    Rows r = Rows.align(members, from + 1, job.inferEnd().toEpochMilli());
                    if (r.rows.length == 0) {
                        skipped++;
                        continue;
                    }
                    // An online model (temporal_envelope_multivariate) learns each row after scoring it.
                    double[] score = fitted.model instanceof OnlineMultivariateModel online
                            ? online.scoreAndUpdate(r.timestamps, r.rows) : fitted.model.score(r.timestamps, r.rows);
                    out.add(new OutputSeries(Columns.ANOMALY_SCORE, forKey, m.alias(), scheduler,
                            Series.of(common(members), r.timestamps, score)));
                    fitted.lastSeen = r.timestamps[r.timestamps.length - 1];
                    runs++;
                    accepted += (long) r.rows.length * channels.size();
                    produced += r.rows.length;
                }
            } catch (RuntimeException e) {
                errors++;
                MODEL_LOG.error("model '{}' failed on group {} of query_key '{}' (scheduler '{}'): {}", m.alias(),
                        g.getKey(), forKey, scheduler, e.toString());
            }
        }
        return new Tally(runs, accepted, produced, skipped, errors);
    }

    /** The labels (name included) every series of {@code members} has with the same value. */
    static Labels common(List<Series> members) {
        Map<String, String> c = new LinkedHashMap<>(members.get(0).labels().asMap());
        for (Series s : members) {
            Map<String, String> l = s.labels().asMap();
            c.entrySet().removeIf(e -> !e.getValue().equals(l.get(e.getKey())));
        }
        return Labels.of(c);
    }

    /** Aligned rows: the timestamps in a window at which every channel has a finite value. */
    static final class Rows {
        final long[] timestamps;
        final double[][] rows;

        private Rows(long[] timestamps, double[][] rows) {
            this.timestamps = timestamps;
            this.rows = rows;
        }

        /** The rows of {@code channels} in {@code [fromMs, toMs]}. O(total points · log channels). */
        static Rows align(List<Series> channels, long fromMs, long toMs) {
            int k = channels.size();
            TreeMap<Long, double[]> byTs = new TreeMap<>();
            for (int c = 0; c < k; c++) {
                Series s = channels.get(c);
                for (int i = s.indexAtOrAfter(fromMs); i < s.size() && s.timestamp(i) <= toMs; i++) {
                    double v = s.value(i);
                    if (Double.isFinite(v)) {
                        double[] row = byTs.computeIfAbsent(s.timestamp(i), t -> filled(k));
                        row[c] = v;
                    }
                }
            }
            List<Long> ts = new ArrayList<>(byTs.size());
            List<double[]> rows = new ArrayList<>(byTs.size());
            byTs.forEach((t, row) -> {
                if (Arrays.stream(row).allMatch(Double::isFinite)) {
                    ts.add(t);
                    rows.add(row);
                }
            });
            return new Rows(ts.stream().mapToLong(Long::longValue).toArray(), rows.toArray(new double[0][]));
        }

        private static double[] filled(int k) {
            double[] r = new double[k];
            Arrays.fill(r, Double.NaN);
            return r;
        }
    }
}

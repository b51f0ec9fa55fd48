package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.core.prediction.Columns;
import dev.vigil.core.score.ScorePipeline;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.peer.PeerOutlierModel;
import dev.vigil.models.peer.PeerSpec;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.vm.OutputSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job of a peer model ({@code peer_outlier}) on one query: the query's series are split into peer
 * groups by the model's {@code groupby} labels (vmanomaly docs, "Peer Outlier", v1.31), one
 * {@link PeerOutlierModel} per group, fed one timestamp of all the group's peers at a time, in time
 * order; each peer gets its own score.
 *
 * <ul>
 *   <li><b>Fit</b>: a fresh group model learns every timestamp of {@code [fitStart, fitEnd]} (up to the
 *       inference cut-off in a fit-and-infer job, so no timestamp is learnt twice).
 *   <li><b>Infer</b>: the timestamps in {@code (inferStart, inferEnd]} newer than the group's last one
 *       are scored, then learnt. A group first seen at inference starts a fresh model at once (its
 *       scores are 0 while it warms up); a peer new to a warmed group is scored at once.
 *   <li><b>Alignment</b>: a timestamp's values are those of the peers that have a point there; a peer
 *       without one is missing (neither scored nor learnt at that timestamp). The readers put points
 *       on the query's step grid, so peers share timestamps.
 *   <li><b>Output</b>: per peer, {@code anomaly_score} and, as {@code provide_series} asks,
 *       {@code y}, {@code yhat}, {@code yhat_lower}, {@code yhat_upper}, labelled with the peer's own
 *       labels like a univariate model's output. The score of a warmed group is the
 *       {@linkplain ScorePipeline score pipeline}'s on the model's band, so {@code scale},
 *       {@code detection_direction}, {@code data_range} and the minimum deviations apply.
 * </ul>
 *
 * <p>Thread-safety: one scheduler thread at a time per {@link GroupStates}. O(timestamps · peers ·
 * log peers) per group.
 */
final class PeerStage {

    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    private PeerStage() {
    }

    /** Runs {@code job} for peer model {@code m} on the series of query {@code q}, adding outputs to {@code out}. */
    static GroupStage.Tally run(String scheduler, ModelConfig m, String q, ReadSeries data, Job job,
                                GroupStates st, List<OutputSeries> out) {
        PeerSpec spec = (PeerSpec) m.specs().get(q);
        // Grouped by labels alone: a group's series are loaded when its turn comes.
        Map<Labels, List<Labels>> groups = new TreeMap<>();
        for (Labels l : data.labels()) {
            groups.computeIfAbsent(GroupStates.groupOf(l, m.groupby()), k -> new ArrayList<>()).add(l);
        }
        int runs = 0;
        int errors = 0;
        int skipped = 0;
        long accepted = 0;
        long produced = 0;
        for (Map.Entry<Labels, List<Labels>> g : groups.entrySet()) {
            GroupStates.Key key = new GroupStates.Key(scheduler, m.alias(), q, g.getKey());
            try {
                List<Series> peers = g.getValue().stream().map(data::get).toList();
                GroupStates.Peer state = st.peer(key);
                long cut = job.infers() ? Math.max(job.inferStart().toEpochMilli(),
                        state == null || job.fits() ? Long.MIN_VALUE : state.lastSeen) : Long.MAX_VALUE;
                if (job.fits()) {
                    state = new GroupStates.Peer(spec.newGroup());
                    long end = Math.min(job.fitEnd().toEpochMilli(), cut);
                    accepted += feed(state, peers, job.fitStart().toEpochMilli(), end, null, null);
                    st.putPeer(key, state);
                    runs++;
                }
                if (job.infers()) {
                    if (state == null) {
                        state = new GroupStates.Peer(spec.newGroup());
                        st.putPeer(key, state);
                    }
                    Outputs o = new Outputs(peers.size());
                    long n = feed(state, peers, Math.max(cut, state.lastSeen) + 1, job.inferEnd().toEpochMilli(),
                            o, spec.pipeline());
                    if (n == 0) {
                        skipped++;
                        continue;
                    }
                    accepted += n;
                    produced += o.write(scheduler, m.alias(), q, peers, spec.provideSeries(), out);
                    runs++;
                }
            } catch (RuntimeException e) {
                errors++;
                MODEL_LOG.error("model '{}' failed on peer group {} of query_key '{}' (scheduler '{}'): {}", m.alias(),
                        g.getKey(), q, scheduler, e.toString());
            }
        }
        return new GroupStage.Tally(runs, accepted, produced, skipped, errors);
    }

    /**
     * Feeds the group every timestamp in {@code [fromMs, toMs]} at which some peer has a point, in time
     * order; scores go to {@code o} when given. Returns the number of peer values fed.
     */
    private static long feed(GroupStates.Peer state, List<Series> peers, long fromMs, long toMs, Outputs o,
                             ScorePipeline pipeline) {
        TreeSet<Long> times = new TreeSet<>();
        for (Series s : peers) {
            for (int i = s.indexAtOrAfter(fromMs); i < s.size() && s.timestamp(i) <= toMs; i++) {
                times.add(s.timestamp(i));
            }
        }
        int k = peers.size();
        String[] ids = new String[k];
        for (int c = 0; c < k; c++) {
            ids[c] = peers.get(c).labels().toString();
        }
        int[] cursor = new int[k];
        for (int c = 0; c < k; c++) {
            cursor[c] = peers.get(c).indexAtOrAfter(fromMs);
        }
        double[] values = new double[k];
        long fed = 0;
        for (long t : times) {
            for (int c = 0; c < k; c++) {
                Series s = peers.get(c);
                values[c] = cursor[c] < s.size() && s.timestamp(cursor[c]) == t ? s.value(cursor[c]++) : Double.NaN;
                if (Double.isFinite(values[c])) {
                    fed++;
                }
            }
            PeerOutlierModel.Scores sc = state.model.scoreAndUpdate(ids, values);
            if (o != null) {
                o.add(t, values, sc, pipeline);
            }
            state.lastSeen = t;
        }
        return fed;
    }

    /** Per-peer output columns, grown as timestamps are scored. */
    private static final class Outputs {
        private final int k;
        private final List<Long> ts = new ArrayList<>();
        private final List<double[][]> rows = new ArrayList<>(); // per timestamp: {y, score, yhat, lower, upper} x peer

        Outputs(int k) {
            this.k = k;
        }

        void add(long t, double[] y, PeerOutlierModel.Scores s, ScorePipeline pipeline) {
            double[] score = s.score().clone();
            for (int c = 0; c < k; c++) {
                // The model's warm-up (0) and missing values (NaN) stand; a warmed score follows the business arguments.
                if (Double.isFinite(score[c]) && score[c] != 0) {
                    score[c] = pipeline.score(y[c], s.yhat()[c], s.lower()[c], s.upper()[c]);
                }
            }
            ts.add(t);
            rows.add(new double[][] {y.clone(), score, s.yhat(), s.lower(), s.upper()});
        }

        /** Adds each peer's provided columns at the timestamps it had a value; returns the rows written. */
        long write(String scheduler, String model, String q, List<Series> peers, List<String> provide,
                   List<OutputSeries> out) {
            long produced = 0;
            for (int c = 0; c < k; c++) {
                int n = 0;
                long[] t = new long[ts.size()];
                double[][] cols = new double[5][ts.size()];
                for (int i = 0; i < ts.size(); i++) {
                    double[][] r = rows.get(i);
                    if (!Double.isFinite(r[0][c])) {
                        continue;
                    }
                    t[n] = ts.get(i);
                    for (int j = 0; j < 5; j++) {
                        cols[j][n] = r[j][c];
                    }
                    n++;
                }
                if (n == 0) {
                    continue;
                }
                produced += n;
                Labels labels = peers.get(c).labels();
                for (String col : provide) {
                    int j = column(col);
                    if (j >= 0) {
                        out.add(new OutputSeries(col, q, model, scheduler,
                                Series.of(labels, Arrays.copyOf(t, n), Arrays.copyOf(cols[j], n))));
                    }
                }
            }
            return produced;
        }

        private static int column(String col) {
            return switch (col) {
                case Columns.Y -> 0;
                case Columns.ANOMALY_SCORE -> 1;
                case Columns.YHAT -> 2;
                case Columns.YHAT_LOWER -> 3;
                case Columns.YHAT_UPPER -> 4;
                default -> -1;
            };
        }
    }
}

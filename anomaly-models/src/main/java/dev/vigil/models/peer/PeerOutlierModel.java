package dev.vigil.models.peer;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelConfigException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code peer_outlier}: scores each member of a peer group against the group at the same timestamp.
 * The caller forms the groups (by the {@code groupby} labels, which this model only records) and feeds
 * one timestamp's values of all peers of a group at a time with {@link #scoreAndUpdate}.
 *
 * <p><b>Model</b>, at a timestamp with m finite values, m at least {@code min_peer_count}: the centre
 * c is the median of the values (robust while a strict majority of the peers is normal); each peer i
 * has a learnt offset o_i from the centre (peers may run systematically higher or lower) and the
 * residual {@code r_i = y_i - c - o_i}. The group learns two spreads, {@code S_up} and {@code S_down}:
 * decayed means of the {@code epsilon_quantile} of the positive residuals and of the magnitudes of the
 * negative ones at each timestamp, so the accepted range may be asymmetric. Prediction:
 * {@code yhat_i = c + o_i}, {@code yhat_upper = yhat + tolerance · S_up}, {@code yhat_lower = yhat -
 * tolerance · S_down}; the score is {@code r / (yhat_upper - yhat)} above and {@code -r / (yhat -
 * yhat_lower)} below, 1 on the band's edge (vmanomaly's score semantics), computed before the
 * timestamp is learnt.
 *
 * <p><b>Warm-up</b>: scores are 0 until the group has learnt more than {@code min_n_samples_seen =
 * ceil(8 / (1 - epsilon_quantile))} timestamps (32 by default). A peer that appears in a warmed group
 * is scored at once (its offset starts at 0). A timestamp with fewer than {@code min_peer_count}
 * finite values is neither scored (NaN) nor learnt.
 *
 * <p><b>Learning</b> with {@code decay} d in (0, 1]: every decayed mean keeps weight {@code w ← d·w + 1}
 * and moves by {@code 1/w} towards the new value (d = 1: running means). Offsets learn the
 * residual clipped to the band (an outlier moves its peer's offset by at most one band width).
 *
 * <p><b>State</b>: a group is a {@link FittedModel} of its {@link PeerSpec} only so that it can be
 * saved and restored with {@code ModelStates} (peers by name with their offsets and weights, the
 * spreads and the count, see {@code docs/model-state.md}); it scores nothing through
 * {@link #infer}.
 *
 * <p>Not thread-safe (one writer); O(m log m) per timestamp for the median and the quantiles, O(peers)
 * memory.
 */
public final class PeerOutlierModel implements FittedModel {

    /** vmanomaly's defaults. */
    public static final int DEFAULT_MIN_PEER_COUNT = 5;
    public static final double DEFAULT_EPSILON_QUANTILE = 0.75;
    public static final double DEFAULT_TOLERANCE = 4.0;

    private final PeerSpec spec;
    private final int minPeerCount;
    private final double epsilon;
    private final double tolerance;
    private final double decay;
    private final int minSamples;
    private final List<String> groupby;
    private final Map<String, double[]> offsets = new HashMap<>(); // peer -> {offset, weight}
    private double spreadUp;
    private double spreadDown;
    private double spreadWeight;
    private long seen;

    /**
     * The result of one timestamp, one entry per peer in the order given.
     *
     * @param score the anomaly score (0 while warming up, NaN for a missing value or too few peers)
     * @param yhat  the expected value, {@code centre + offset}
     * @param lower the band's lower bound
     * @param upper the band's upper bound
     */
    public record Scores(double[] score, double[] yhat, double[] lower, double[] upper) {
    }

    PeerOutlierModel(PeerSpec spec, int minPeerCount, double epsilon, double tolerance, double decay,
            List<String> groupby) {
        this.spec = spec;
        this.minPeerCount = minPeerCount;
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.decay = decay;
        this.groupby = groupby;
        this.minSamples = (int) Math.ceil(8 / (1 - epsilon) - 1e-9);
    }

    /**
     * A model from vmanomaly-style arguments: {@code groupby} (list of label names, recorded only),
     * {@code min_peer_count} (5, at least 3), {@code epsilon_quantile} (0.75, in (0, 1)),
     * {@code tolerance} (4.0, > 0), {@code decay} (1.0, in (0, 1]) and {@code args} (must be empty).
     *
     * @throws ModelConfigException naming the argument and the value
     */
    public static PeerOutlierModel create(Map<String, ?> raw) {
        ModelArgs a = new ModelArgs(PeerModels.ALIAS, raw);
        PeerSpec spec = new PeerSpec(a);
        a.finish();
        return spec.newGroup();
    }

    /** The spec this group was made from. */
    @Override
    public PeerSpec spec() {
        return spec;
    }

    /**
     * Refused: a peer group scores one timestamp of all its peers at a time ({@link #scoreAndUpdate}).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Prediction infer(Series data) {
        throw new UnsupportedOperationException("model '" + spec.alias() + "' scores a group of peer series at each"
                + " timestamp, not one series: use scoreAndUpdate");
    }

    /** The peers learnt so far, by name, with their {offset, weight}; a sorted copy (for saving). */
    TreeMap<String, double[]> peers() {
        TreeMap<String, double[]> out = new TreeMap<>();
        offsets.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** The spreads' state: {up, down, weight}. */
    double[] spreads() {
        return new double[] {spreadUp, spreadDown, spreadWeight};
    }

    /** Sets the learnt state (restoring a saved group); the arrays are taken, not copied. */
    void restore(Map<String, double[]> peers, double up, double down, double weight, long samples) {
        offsets.clear();
        offsets.putAll(peers);
        spreadUp = up;
        spreadDown = down;
        spreadWeight = weight;
        seen = samples;
    }

    /** The {@code groupby} label names the caller groups peers by. */
    public List<String> groupby() {
        return groupby;
    }

    /** {@code ceil(8 / (1 - epsilon_quantile))}: scores are 0 until more timestamps than this were learnt. */
    public int minNSamplesSeen() {
        return minSamples;
    }

    /** Timestamps learnt so far. */
    public long samplesSeen() {
        return seen;
    }

    /**
     * Scores one timestamp of the group, then learns it.
     *
     * @param peers  the peers' identities (e.g. their label sets as text), distinct
     * @param values their values at this timestamp, NaN for missing
     */
    public Scores scoreAndUpdate(String[] peers, double[] values) {
        Objects.requireNonNull(peers, "peers");
        if (peers.length != values.length) {
            throw new IllegalArgumentException(peers.length + " peers but " + values.length + " values");
        }
        int n = values.length;
        Scores out = new Scores(new double[n], new double[n], new double[n], new double[n]);
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length < minPeerCount) {
            Arrays.fill(out.score, Double.NaN);
            Arrays.fill(out.yhat, Double.NaN);
            Arrays.fill(out.lower, Double.NaN);
            Arrays.fill(out.upper, Double.NaN);
            return out;
        }
        double centre = quantile(finite, 0.5);
        boolean warm = seen > minSamples;
        double up = tolerance * spreadUp;
        double down = tolerance * spreadDown;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double[] o = offsets.get(peers[i]);
            double yhat = centre + (o == null ? 0 : o[0]);
            out.yhat[i] = yhat;
            out.upper[i] = yhat + up;
            out.lower[i] = yhat - down;
            r[i] = values[i] - yhat;
            if (!Double.isFinite(values[i])) {
                out.score[i] = Double.NaN;
            } else if (!warm || r[i] == 0) {
                out.score[i] = 0;
            } else {
                double margin = Math.max(r[i] > 0 ? up : down, 1e-9 * Math.max(1, Math.abs(yhat)));
                out.score[i] = Math.min(Double.MAX_VALUE, Math.abs(r[i]) / margin);
            }
        }
        learn(peers, values, r, centre, up, down);
        return out;
    }

    private void learn(String[] peers, double[] values, double[] r, double centre, double up, double down) {
        double[] pos = new double[r.length];
        double[] neg = new double[r.length];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < r.length; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            if (r[i] >= 0) {
                pos[np++] = r[i];
            }
            if (r[i] <= 0) {
                neg[nn++] = -r[i];
            }
            double[] o = offsets.computeIfAbsent(peers[i], k -> new double[2]);
            // before the spreads are learnt there is no band to clip to
            double target = seen > 0 ? Math.max(-down, Math.min(up, r[i])) : r[i];
            o[1] = decay * o[1] + 1;
            o[0] += target / o[1];
        }
        spreadWeight = decay * spreadWeight + 1;
        spreadUp += (quantileOf(pos, np) - spreadUp) / spreadWeight;
        spreadDown += (quantileOf(neg, nn) - spreadDown) / spreadWeight;
        seen++;
    }

    private double quantileOf(double[] a, int n) {
        if (n == 0) {
            return 0;
        }
        double[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        return quantile(s, epsilon);
    }

    /** Linear-interpolated quantile of sorted values. */
    private static double quantile(double[] sorted, double p) {
        double h = p * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

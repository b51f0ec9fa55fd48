package dev.vigil.models.envelope;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.ChannelBands;
import dev.vigil.models.OnlineMultivariateModel;

/**
 * The online state of {@code temporal_envelope_multivariate}: one {@code temporal_envelope} per
 * channel, on the channel's own scale, and a {@link CrossChannel} part over the channels'
 * standardised residuals ({@code null} when the effective rank, {@code min(dependency_rank,
 * channels - 1)}, is 0).
 *
 * <p><b>Per row</b>, all channels finite: each channel's band at the row's time and its score
 * ({@code temporal_envelope}'s, with the business arguments); the standardised residual {@code z_c =
 * (y_c - m_c) / h_c}, {@code m_c} and {@code h_c} the centre and half-width of the channel's band
 * (0 for a band of no width), so {@code |z_c| = 1} on its edge; the cross-channel score of z; the
 * {@link JointScore}. Then every channel learns its value, and the cross-channel part learns z
 * (once every channel is past the envelope's bootstrap), with weight 1 inside its band and
 * {@code 1 / cross score²} beyond, so that a one-off break of the usual co-movement hardly moves it
 * while a lasting new one is learnt, faster as its score falls. The cross-channel score is 0 for its first {@code ceil(1 / (2·alpha))} rows (100
 * by default) while the basis settles; the joint score is 0 while at most {@code min_n_samples_seen}
 * rows were seen. A row with a non-finite value scores NaN and only its finite channels are learnt.
 *
 * <p>One channel is {@code temporal_envelope}: the single-series paths run its envelope directly.
 * Per row O(channels × rank) time; no allocation but the output of each call and, inside t-digest,
 * the channels' tail-floor reads (an iterator every {@value EnvelopeModel#TAIL_REFRESH} points). Single
 * writer; {@link #score} and {@link #infer} only read.
 */
final class MultivariateEnvelopeModel implements OnlineMultivariateModel {

    private final MultivariateEnvelopeSpec spec;
    final EnvelopeModel[] envelopes;
    final CrossChannel cross;
    /** Rows seen with at least one finite value (several channels only). */
    long rows;
    private final CivilTime civil = new CivilTime();
    private final double[] yhat;
    private final double[] lower;
    private final double[] upper;
    private final double[] scores;
    private final double[] z;

    MultivariateEnvelopeModel(MultivariateEnvelopeSpec spec, int channels) {
        this(spec, newEnvelopes(spec, channels), spec.effectiveRank(channels) == 0 ? null
                : new CrossChannel(channels, spec.effectiveRank(channels), spec.randomState), 0);
    }

    /** A model of the given parts (not copied). */
    MultivariateEnvelopeModel(MultivariateEnvelopeSpec spec, EnvelopeModel[] envelopes, CrossChannel cross, long rows) {
        int c = envelopes.length;
        if (c < 1 || (cross == null) != (spec.effectiveRank(c) == 0)
                || (cross != null && (cross.dims != c || cross.rank != spec.effectiveRank(c)))) {
            throw new IllegalArgumentException(c + " channels with a cross-channel part of rank "
                    + (cross == null ? 0 : cross.rank) + ", the spec wants rank " + spec.effectiveRank(Math.max(1, c)));
        }
        this.spec = spec;
        this.envelopes = envelopes;
        this.cross = cross;
        this.rows = rows;
        this.yhat = new double[c];
        this.lower = new double[c];
        this.upper = new double[c];
        this.scores = new double[c];
        this.z = new double[c];
    }

    private static EnvelopeModel[] newEnvelopes(MultivariateEnvelopeSpec spec, int channels) {
        EnvelopeModel[] e = new EnvelopeModel[channels];
        for (int c = 0; c < channels; c++) {
            e[c] = new EnvelopeModel(spec);
        }
        return e;
    }

    @Override
    public MultivariateEnvelopeSpec spec() {
        return spec;
    }

    @Override
    public int channels() {
        return envelopes.length;
    }

    private EnvelopeModel single() {
        if (envelopes.length != 1) {
            throw new IllegalStateException("model '" + spec.alias() + "' was fitted on " + envelopes.length
                    + " channels; score rows of that many channels with score(timestamps, rows)");
        }
        return envelopes[0];
    }

    @Override
    public Prediction infer(Series data) {
        return single().infer(data);
    }

    @Override
    public Prediction inferAndUpdate(Series batch) {
        return single().inferAndUpdate(batch);
    }

    @Override
    public void update(Series batch) {
        single().update(batch);
    }

    @Override
    public long samplesSeen() {
        return envelopes.length == 1 ? envelopes[0].samplesSeen() : rows;
    }

    @Override
    public double[] score(long[] timestamps, double[][] rows) {
        check(timestamps, rows);
        // every row against the current state; the copy's scratch arrays keep concurrent reads apart
        MultivariateEnvelopeModel c = copy();
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = c.scoreRow(timestamps[i], rows[i], false);
        }
        return out;
    }

    @Override
    public double[] scoreAndUpdate(long[] timestamps, double[][] rows) {
        return scoreAndUpdate(timestamps, rows, null);
    }

    @Override
    public double[] scoreAndUpdate(long[] timestamps, double[][] rows, ChannelBands bands) {
        check(timestamps, rows);
        if (bands != null && (bands.rows() < rows.length || bands.yhat().length > 0 && bands.yhat()[0].length
                < envelopes.length)) {
            throw new IllegalArgumentException("model '" + spec.alias() + "': channel bands for " + bands.rows()
                    + " rows cannot hold " + rows.length + " rows of " + envelopes.length + " channels");
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = scoreRow(timestamps[i], rows[i], true);
            if (bands != null) {
                for (int k = 0; k < envelopes.length; k++) {
                    bands.yhat()[i][k] = yhat[k];
                    bands.lower()[i][k] = lower[k];
                    bands.upper()[i][k] = upper[k];
                    bands.score()[i][k] = scores[k];
                }
            }
        }
        return out;
    }

    @Override
    public void update(long[] timestamps, double[][] rows) {
        check(timestamps, rows);
        for (int i = 0; i < rows.length; i++) {
            learnRow(timestamps[i], rows[i], civilOf(timestamps[i]), 0, Double.NaN, false);
        }
    }

    private void check(long[] timestamps, double[][] rows) {
        if (timestamps.length != rows.length) {
            throw new IllegalArgumentException("model '" + spec.alias() + "': " + rows.length + " rows for "
                    + timestamps.length + " timestamps");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != envelopes.length) {
                throw new IllegalArgumentException("model '" + spec.alias() + "': row " + i + " has " + rows[i].length
                        + " channels, the model " + envelopes.length);
            }
        }
    }

    private CivilTime civilOf(long t) {
        return civil.set(t, spec.rules, spec.fixedOffsetMs);
    }

    /**
     * Scores one row against the current state, leaving each channel's band (scaled and clipped) and
     * own score in the scratch arrays; with {@code learn}, then folds the row in.
     */
    private double scoreRow(long t, double[] y, boolean learn) {
        int n = envelopes.length;
        CivilTime c = civilOf(t);
        boolean finite = true;
        for (int k = 0; k < n; k++) {
            double v = y[k];
            if (!Double.isFinite(v)) {
                finite = false;
                yhat[k] = Double.NaN;
                lower[k] = Double.NaN;
                upper[k] = Double.NaN;
                continue;
            }
            envelopes[k].band(c, v, yhat, lower, upper, k);
            z[k] = standardised(v, lower[k], upper[k]);
        }
        // the channels' own scores, with the bounds rewritten by scale and clip_predictions as temporal_envelope's
        spec.pipeline().apply(y, yhat, lower, upper, scores, 0, n);
        double joint = Double.NaN;
        double crossScore = 0;
        double error = Double.NaN;
        if (finite) {
            if (cross != null) {
                error = cross.distance(z);
                if (cross.n >= crossWarmUp()) {
                    crossScore = error / cross.bound(spec.k);
                }
            }
            joint = JointScore.of(spec.aggregation, scores, n, crossScore);
            if (samplesSeen() <= spec.minNSamplesSeen && !Double.isNaN(joint)) {
                joint = 0;
            }
        }
        if (learn) {
            learnRow(t, y, c, crossScore, error, true);
        }
        return joint;
    }

    /**
     * {@code (y - m) / h}, m and h the band's centre and half-width (0 for a band of no width), clipped
     * to ±{@value CrossChannel#MAX_Z}. Halved operands keep the centre and width finite near the double range.
     */
    static double standardised(double y, double lower, double upper) {
        double half = 0.5 * upper - 0.5 * lower;
        if (!(half > 0) || !Double.isFinite(half)) {
            return 0;
        }
        double z = (0.5 * y - (0.25 * lower + 0.25 * upper)) / (0.5 * half);
        return z > CrossChannel.MAX_Z ? CrossChannel.MAX_Z : z < -CrossChannel.MAX_Z ? -CrossChannel.MAX_Z : z;
    }

    private long crossWarmUp() {
        return (long) Math.ceil(1 / (2 * spec.alpha));
    }

    /**
     * Learns a row whose civil time is {@code c}; after {@link #scoreRow} ({@code scored}) with the
     * cross-channel score and distance it computed, else computing them here from the state before learning.
     */
    private void learnRow(long t, double[] y, CivilTime c, double crossScore, double error, boolean scored) {
        int n = envelopes.length;
        boolean any = false;
        boolean finite = true;
        long warm = Long.MAX_VALUE;
        if (cross != null && !scored) {
            // not scored first (update): the standardised residuals before learning
            for (int k = 0; k < n && finite; k++) {
                if (Double.isFinite(y[k])) {
                    envelopes[k].band(c, y[k], yhat, lower, upper, k);
                    z[k] = standardised(y[k], lower[k], upper[k]);
                } else {
                    finite = false;
                }
            }
            if (finite) {
                error = cross.distance(z);
                crossScore = cross.n >= crossWarmUp() ? error / cross.bound(spec.k) : 0;
            }
        }
        for (int k = 0; k < n; k++) {
            if (Double.isFinite(y[k])) {
                any = true;
                warm = Math.min(warm, envelopes[k].samplesSeen());
                envelopes[k].learnAt(t, y[k], c);
            } else {
                finite = false;
            }
        }
        if (any) {
            rows++;
        }
        if (cross != null && finite && warm > EnvelopeModel.BOOT && !Double.isNaN(error) && Double.isFinite(error)) {
            double weight = crossScore > 1 ? 1 / (crossScore * crossScore) : 1.0;
            cross.learn(z, error, weight, spec.alpha, spec.k);
        }
    }

    @Override
    public MultivariateEnvelopeModel copy() {
        EnvelopeModel[] e = new EnvelopeModel[envelopes.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = (EnvelopeModel) envelopes[k].copy();
        }
        return new MultivariateEnvelopeModel(spec, e, cross == null ? null : cross.copy(), rows);
    }

    @Override
    public String describe() {
        return spec.alias() + "(channels=" + envelopes.length + ", rank=" + (cross == null ? 0 : cross.rank) + ", rows="
                + samplesSeen() + (cross == null ? "" : ", cross_rows=" + cross.n + ", distance_band=" + cross.bound(spec.k))
                + ")";
    }
}

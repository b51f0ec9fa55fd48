package dev.vigil.models.quantile;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.core.time.Timestamps;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.AutoPeriod;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;

/**
 * Spec of {@code quantile_online}. Immutable and thread-safe.
 *
 * <p><b>Buckets</b>: without {@code seasonal_interval} there is one (global) bucket. With it, a point
 * at time t falls in bucket {@code floor(((t - season_starts_from) mod seasonal_interval) / min_subseason)},
 * {@code seasonal_interval / min_subseason} buckets in all, both times read as wall-clock time in the
 * zone {@code tz} (an IANA zone, UTC by default; the runner passes the reader query's {@code tz}, as
 * vmanomaly attaches it to timestamps for seasonal models): in Europe/Berlin a daily season's 09:00
 * bucket holds the points at 09:00 Berlin time in winter and in summer, and a {@code season_starts_from}
 * without offset is a Berlin time. On a daylight-saving change the hour that is skipped leaves its
 * bucket without points that day, and the hour that repeats falls into its bucket twice. Every bucket and a global digest keep a
 * t-digest ({@link StreamingQuantiles}: {@code compression}, {@code decay}) of the (optionally
 * transformed) values; {@code history_strength} scales the fitted weight of all of them.
 *
 * <p><b>Prediction</b> for a point in bucket b, with {@code (q_lo, q_mid, q_hi) = quantiles}, g =
 * {@code global_smoothing}, k = {@code iqr_threshold}, and {@code Q(p) = (1 - g) Q_b(p) + g Q_global(p)}
 * ({@code Q_b} := {@code Q_global} while bucket b is empty): {@code yhat = T⁻¹(Q(q_mid))},
 * {@code yhat_lower = T⁻¹(Q(q_lo) - k·IQR)}, {@code yhat_upper = T⁻¹(Q(q_hi) + k·IQR)} with
 * {@code IQR = Q(0.75) - Q(0.25)}; T is the identity, or {@code sign(x)·log1p(|x|)} with
 * {@code use_transform} (inverse {@code sign(z)·expm1(|z|)}). Score 0 while at most
 * {@code min_n_samples_seen} points were seen.
 *
 * <p><b>Update and cost</b>: each point is scored, then added to its bucket's and the global digest;
 * quantiles are cached per digest and refreshed after every {@code min(256, 1 + w/32)} points of that
 * digest (w: its effective, decayed number of points; for the fit window, once at its end), so a
 * point may be scored against quantiles that lack up to 1/32 of their digest's weight (scores depend
 * only on the point sequence, never on batch boundaries). Per point O(log δ) amortised,
 * allocation-free except t-digest's centroid creation; memory O(buckets · δ). With
 * {@code global_smoothing: 0} the global digest is only read for empty buckets, and a bucket never
 * empties again; so once every bucket holds a point the global digest is no longer updated (it would
 * never be read again), which halves the per-point cost of seasonal models without changing a result.
 *
 * <p><b>{@code seasonal_interval: auto}</b> (a Vigil extension): the season is detected on the fit
 * window ({@link #detectSeason}) and fixed for the life of the fitted model; the description reports it.
 *
 * <p>Durations ({@code 1h}, {@code 15m}, {@code 7d}, {@code 1w}, {@code 500ms}, or ISO-8601 such as
 * {@code PT1H}) and the {@code season_starts_from} timestamp are read by core's duration and
 * timestamp parsers ({@link ModelArgs#positiveMillis}, {@link ModelArgs#timestampMillis}).
 */
final class QuantileSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;
    static final int MAX_BUCKETS = 100_000;

    /**
     * The bucket layout: {@code buckets} sub-seasons of {@code subseasonMs} in a season of
     * {@code intervalMs}; {@link #NONE} is one global bucket.
     */
    record Season(long intervalMs, long subseasonMs, int buckets) {
        static final Season NONE = new Season(0, 0, 1);

        int bucketOf(long t, long startMs) {
            if (buckets == 1) {
                return 0;
            }
            return (int) (Math.floorMod(t - startMs, intervalMs) / subseasonMs);
        }
    }


    private final double[] probs;
    private final double k;
    private final Season configured;
    private final boolean autoInterval;
    private final long autoSubseasonMs;
    /** {@code season_starts_from} as wall-clock time in {@code tz} ({@link #wallMs}). */
    private final long startMs;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final long fixedOffsetMs;
    private final boolean transform;
    private final double g;
    private final double compression;
    private final OnlineArgs onlineArgs;

    QuantileSpec(ModelArgs args) {
        super(args, OUTPUTS);
        double[] q = args.numbers("quantiles", new double[] {0.01, 0.5, 0.99});
        if (q.length != 3 || !(q[0] > 0 && q[0] < q[1] && q[1] < q[2] && q[2] < 1)) {
            throw args.error("quantiles", "must be three increasing numbers in (0, 1) (lower, median, upper),"
                    + " got " + Arrays.toString(q));
        }
        this.k = args.nonNegative("iqr_threshold", 0.0);
        this.probs = k > 0 ? new double[] {q[0], q[1], q[2], 0.25, 0.75} : new double[] {q[0], q[1], q[2]};
        String si = args.string("seasonal_interval", null);
        String ms = args.string("min_subseason", null);
        this.autoInterval = AutoPeriod.isAuto(si);
        if (autoInterval) {
            this.configured = Season.NONE;
            this.autoSubseasonMs = ms == null ? 0 : args.positiveMillis("min_subseason", ms);
        } else if (si == null) {
            if (ms != null) {
                throw args.error("min_subseason", "needs seasonal_interval to be set too");
            }
            this.configured = Season.NONE;
            this.autoSubseasonMs = 0;
        } else {
            long intervalMs = args.positiveMillis("seasonal_interval", si);
            if (ms == null) {
                throw args.error("min_subseason", "is required with seasonal_interval (e.g. 1h for a 7d interval)");
            }
            long subseasonMs = args.positiveMillis("min_subseason", ms);
            if (intervalMs % subseasonMs != 0) {
                throw args.error("min_subseason", "must divide seasonal_interval exactly, got \"" + ms + "\" for \""
                        + si + "\"");
            }
            long nb = intervalMs / subseasonMs;
            if (nb > MAX_BUCKETS) {
                throw args.error("min_subseason", "gives " + nb + " buckets (" + si + " / " + ms
                        + "); at most " + MAX_BUCKETS + " are allowed");
            }
            this.configured = new Season(intervalMs, subseasonMs, (int) nb);
            this.autoSubseasonMs = 0;
        }
        this.transform = args.bool("use_transform", false);
        this.g = args.inRange("global_smoothing", 0.0, 0.0, false, 1.0, false);
        String tz = args.string("tz", "UTC");
        try {
            this.zone = ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw args.error("tz", "must be an IANA time zone such as Europe/Berlin, got \"" + tz + "\"");
        }
        this.rules = zone.getRules();
        this.fixedOffsetMs = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
        String start = args.string("season_starts_from", "1970-01-01");
        try {
            this.startMs = wallMs(Timestamps.parseMillis(start, zone));
        } catch (IllegalArgumentException e) {
            throw args.error("season_starts_from", "must be a timestamp: " + e.getMessage());
        }
        this.compression = args.inRange("compression", StreamingQuantiles.DEFAULT_COMPRESSION, 10, false, 10_000, false);
        this.onlineArgs = OnlineArgs.read(args);
    }

    @Override
    public boolean isOnline() {
        return true;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    /** The bucket of timestamp {@code t} (epoch ms) under the configured (not auto-detected) layout. */
    int bucketOf(long t) {
        return configured.bucketOf(wallMs(t), startMs);
    }

    /** The zone whose wall-clock time the seasons follow ({@code tz}). */
    ZoneId zone() {
        return zone;
    }

    /** The wall-clock time of {@code t} (epoch ms) in {@code tz}, as milliseconds of a UTC clock. */
    long wallMs(long t) {
        if (rules.isFixedOffset()) {
            return t + fixedOffsetMs;
        }
        return t + rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
    }

    /**
     * {@code seasonal_interval: auto}: the period detected on the finite fit values (in samples) times
     * the median sampling interval, rounded to a whole number of sub-seasons ({@code min_subseason},
     * default one sampling interval). No season found: one global bucket.
     */
    Season detectSeason(Series train) {
        int count = train.finiteCount();
        double[] x = new double[count];
        long[] ts = new long[count];
        int k = 0;
        for (int i = 0; i < train.size(); i++) {
            if (Double.isFinite(train.value(i))) {
                ts[k] = train.timestamp(i);
                x[k++] = train.value(i);
            }
        }
        int p = AutoPeriod.detect(x);
        if (p == 0) {
            return Season.NONE;
        }
        long step = AutoPeriod.medianStep(ts, count);
        long sub = autoSubseasonMs > 0 ? autoSubseasonMs : step;
        long interval = Math.max(1, Math.round((double) p * step / sub)) * sub;
        long nb = interval / sub;
        if (nb < 2 || nb > MAX_BUCKETS) {
            return Season.NONE;
        }
        return new Season(interval, sub, (int) nb);
    }

    double forward(double x) {
        return transform ? Math.copySign(Math.log1p(Math.abs(x)), x) : x;
    }

    double inverse(double z) {
        return transform ? Math.copySign(Math.expm1(Math.abs(z)), z) : z;
    }

    @Override
    public FittedModel fit(Series train) {
        Model m = new Model(this, autoInterval ? detectSeason(train) : configured);
        for (int i = 0; i < train.size(); i++) {
            m.add(train.timestamp(i), train.value(i), false);
        }
        // scaleWeight refreshes every cache; without it, refresh them once here.
        m.scaleWeight(onlineArgs.historyStrength());
        m.afterLearning();
        return m;
    }

    /** Global and per-bucket digests. Single writer. */
    static final class Model extends AbstractOnlineModel<QuantileSpec> {
        private final Season season;
        private final CachedDigest global;
        private final CachedDigest[] perBucket;
        /** Finite points learnt (the global digest stops counting once it is frozen). */
        private long seen;
        /** Buckets holding at least one point. */
        private int filled;

        Model(QuantileSpec spec, Season season) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.season = season;
            this.global = new CachedDigest(spec.compression, spec.onlineArgs.decay(), spec.probs);
            this.perBucket = new CachedDigest[season.buckets() == 1 ? 0 : season.buckets()];
        }

        /** A model in exactly the given state. */
        Model(QuantileSpec spec, QuantileState s) {
            this(spec, s.season());
            if (s.perBucket().length != perBucket.length) {
                throw new IllegalArgumentException(s.perBucket().length + " buckets for a season of " + perBucket.length);
            }
            global.restore(s.global());
            for (int i = 0; i < perBucket.length; i++) {
                perBucket[i] = s.perBucket()[i] == null ? null : new CachedDigest(s.perBucket()[i], spec.probs);
            }
            this.seen = s.seen();
            this.filled = s.filled();
        }

        private Model(Model o) {
            super(o);
            this.season = o.season;
            this.global = o.global.copy();
            this.seen = o.seen;
            this.filled = o.filled;
            this.perBucket = new CachedDigest[o.perBucket.length];
            for (int i = 0; i < perBucket.length; i++) {
                perBucket[i] = o.perBucket[i] == null ? null : o.perBucket[i].copy();
            }
        }

        void scaleWeight(double f) {
            global.scaleWeight(f);
            for (CachedDigest d : perBucket) {
                if (d != null) {
                    d.scaleWeight(f);
                }
            }
        }

        /** Learns one point; {@code cached}: keep the quantile caches up to date (false while fitting). */
        void add(long t, double x, boolean cached) {
            if (!Double.isFinite(x)) {
                return;
            }
            double z = spec().forward(x);
            seen++;
            if (!globalFrozen()) {
                if (cached) {
                    global.add(z);
                } else {
                    global.addQuietly(z);
                }
            }
            if (perBucket.length > 0) {
                int b = season.bucketOf(spec().wallMs(t), spec().startMs);
                CachedDigest d = perBucket[b];
                if (d == null) {
                    d = new CachedDigest(spec().compression, spec().onlineArgs.decay(), spec().probs);
                    perBucket[b] = d;
                    filled++;
                }
                if (cached) {
                    d.add(z);
                } else {
                    d.addQuietly(z);
                }
            }
        }

        /**
         * True when the global digest can never be read again: no blending and no empty bucket left
         * (buckets are never emptied). It is then no longer updated.
         */
        private boolean globalFrozen() {
            return perBucket.length > 0 && filled == perBucket.length && spec().g == 0.0;
        }

        /**
         * The digest point t reads: its bucket's, or the global one while that bucket is empty (or
         * without seasons). Reads the state only.
         */
        private CachedDigest digestAt(long t) {
            CachedDigest d = perBucket.length == 0 ? null : perBucket[season.bucketOf(spec().wallMs(t), spec().startMs)];
            return d == null || d.count() == 0 ? global : d;
        }

        /** The i-th cached quantile of {@code d} (transformed space), blended with the global one by g. */
        private double quantile(CachedDigest d, double g, int i) {
            return g == 0.0 ? d.get(i) : (1 - g) * d.get(i) + g * global.get(i);
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            QuantileSpec spec = spec();
            CachedDigest d = digestAt(t);
            double g = d == global ? 0.0 : spec.g;
            double iqr = spec.k > 0 ? spec.k * (quantile(d, g, 4) - quantile(d, g, 3)) : 0.0;
            double yhat = spec.inverse(quantile(d, g, 1));
            double lo = spec.inverse(quantile(d, g, 0) - iqr);
            double hi = spec.inverse(quantile(d, g, 2) + iqr);
            out.set(i, y, yhat, lo, hi);
        }

        @Override
        protected void learn(long t, double y) {
            add(t, y, true);
        }

        /** Whether every digest is compact (for tests). */
        boolean digestsCompact() {
            boolean all = global.isCompact();
            for (CachedDigest d : perBucket) {
                all &= d == null || d.isCompact();
            }
            return all;
        }

        /** Compacts the digests between batches: they are read through their caches, which stay. */
        @Override
        protected void afterLearning() {
            global.compact();
            for (CachedDigest d : perBucket) {
                if (d != null) {
                    d.compact();
                }
            }
        }

        @Override
        public long samplesSeen() {
            return seen;
        }

        @Override
        public OnlineModel copy() {
            return new Model(this);
        }

        @Override
        public String describe() {
            int used = 0;
            for (CachedDigest d : perBucket) {
                used += d == null ? 0 : 1;
            }
            String si = spec().autoInterval ? (season.buckets() == 1 ? "seasonal_interval=none (auto: no season detected), "
                    : "seasonal_interval=" + season.intervalMs() + " ms (auto), min_subseason=" + season.subseasonMs()
                    + " ms, ") : "";
            return "quantile_online(" + si + "buckets " + used + "/" + Math.max(1, perBucket.length) + ", n="
                    + seen + ")";
        }

        QuantileState state() {
            QuantileState.Digest[] b = new QuantileState.Digest[perBucket.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = perBucket[i] == null ? null : perBucket[i].state();
            }
            return new QuantileState(season, seen, filled, global.state(), b);
        }
    }
}

package dev.vigil.models.zscore;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.models.AbstractFittedModel;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.List;

/** Spec of the offline z-score ({@code model.zscore.ZscoreModel}) and {@code zscore_online}. Immutable and thread-safe. */
final class ZscoreSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;

    private final boolean online;
    private final double z;
    private final OnlineArgs onlineArgs;

    ZscoreSpec(ModelArgs args, boolean online) {
        super(args, OUTPUTS);
        this.online = online;
        this.z = args.positive("z_threshold", ZscoreModels.DEFAULT_Z_THRESHOLD);
        this.onlineArgs = online ? OnlineArgs.read(args) : null;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    @Override
    public FittedModel fit(Series train) {
        DecayedMoments m = new DecayedMoments(online ? onlineArgs.decay() : 1.0);
        // The offline model keeps only mean and std: values near the double maximum, whose squared
        // deviations overflow, are summed times an exact power of two (1 for ordinary data).
        double unit = online ? 1.0 : Math.scalb(1.0, -largeExponent(train));
        for (int i = 0; i < train.size(); i++) {
            m.add(train.value(i) * unit);
        }
        if (online) {
            if (onlineArgs.historyStrength() != 1.0 && m.count() > 0) {
                m.scaleWeight(onlineArgs.historyStrength());
            }
            return new Online(this, m);
        }
        if (m.count() == 0) {
            throw new InsufficientDataException("model '" + alias() + "' needs at least 1 finite point to fit,"
                    + " got 0 of "
                    + train.size());
        }
        return new Offline(this, m.mean() / unit, m.std() / unit);
    }

    /** The exponent bringing the largest finite magnitude of {@code s} to about 2^480; 0 for ordinary data. */
    private static int largeExponent(Series s) {
        double max = 0;
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return Math.max(0, Math.getExponent(max) - 480);
    }

    void fill(Prediction.Builder b, int i, double y, double mean, double std) {
        double half = z * std;
        // a band beyond the double range saturates at the largest double
        b.set(i, y, mean, Math.max(-Double.MAX_VALUE, mean - half), Math.min(Double.MAX_VALUE, mean + half));
    }

    /** Offline z-score: fixed mean and std of the fit window. Immutable, thread-safe. */
    static final class Offline extends AbstractFittedModel<ZscoreSpec> {
        private final double mean;
        private final double std;

        Offline(ZscoreSpec spec, double mean, double std) {
            super(spec, spec.pipeline());
            this.mean = mean;
            this.std = std;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            spec().fill(out, i, y, mean, std);
        }

        @Override
        public String describe() {
            return "zscore(mean=" + mean + ", std=" + std + ", z_threshold=" + spec().z + ")";
        }

        ZscoreState.Offline state() {
            return new ZscoreState.Offline(mean, std);
        }
    }

    /** Online z-score: decayed running moments, scored point by point before each update. Single writer. */
    static final class Online extends AbstractOnlineModel<ZscoreSpec> {
        private final DecayedMoments moments;

        Online(ZscoreSpec spec, DecayedMoments moments) {
            super(spec, spec.pipeline(), spec.onlineArgs.minNSamplesSeen());
            this.moments = moments;
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            spec().fill(out, i, y, moments.mean(), moments.std());
        }

        @Override
        protected void learn(long t, double y) {
            moments.add(y);
        }

        @Override
        public long samplesSeen() {
            return moments.count();
        }

        @Override
        public OnlineModel copy() {
            return new Online(spec(), moments.copy());
        }

        @Override
        public String describe() {
            return "zscore_online(mean=" + moments.mean() + ", std=" + moments.std() + ", n=" + moments.count() + ")";
        }

        ZscoreState.Online state() {
            return new ZscoreState.Online(moments.state());
        }
    }
}

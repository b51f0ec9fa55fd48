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

/** Spec of {@code zscore} and {@code zscore_online}. Immutable and thread-safe. */
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
        for (int i = 0; i < train.size(); i++) {
            m.add(train.value(i));
        }
        if (online) {
            if (onlineArgs.historyStrength() != 1.0 && m.count() > 0) {
                m.scaleWeight(onlineArgs.historyStrength());
            }
            return new Online(this, m);
        }
        if (m.count() == 0) {
            throw new InsufficientDataException("model 'zscore' needs at least 1 finite point to fit, got 0 of "
                    + train.size());
        }
        return new Offline(this, m.mean(), m.std());
    }

    void fill(Prediction.Builder b, int i, double y, double mean, double std) {
        double half = z * std;
        b.set(i, y, mean, mean - half, mean + half);
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

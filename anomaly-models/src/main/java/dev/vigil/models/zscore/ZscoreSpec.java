package dev.vigil.models.zscore;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.models.BaseModelSpec;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineArgs;
import dev.vigil.models.OnlineModel;
import java.util.List;

/** Spec of {@code zscore} and {@code zscore_online}. Immutable. */
final class ZscoreSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = List.of("yhat", "yhat_lower", "yhat_upper");

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
    static final class Offline implements FittedModel {
        private final ZscoreSpec spec;
        private final double mean;
        private final double std;

        Offline(ZscoreSpec spec, double mean, double std) {
            this.spec = spec;
            this.mean = mean;
            this.std = std;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public Prediction infer(Series data) {
            Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
            for (int i = 0; i < data.size(); i++) {
                spec.fill(b, i, data.value(i), mean, std);
            }
            spec.pipeline().apply(b);
            return b.build();
        }

        @Override
        public String describe() {
            return "zscore(mean=" + mean + ", std=" + std + ", z_threshold=" + spec.z + ")";
        }

        ZscoreState.Offline state() {
            return new ZscoreState.Offline(mean, std);
        }
    }

    /** Online z-score: decayed running moments, scored point by point before each update. Single writer. */
    static final class Online implements OnlineModel {
        private final ZscoreSpec spec;
        private final DecayedMoments moments;

        Online(ZscoreSpec spec, DecayedMoments moments) {
            this.spec = spec;
            this.moments = moments;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public Prediction infer(Series data) {
            return run(data, moments.copy(), false);
        }

        @Override
        public Prediction inferAndUpdate(Series batch) {
            return run(batch, moments, true);
        }

        private Prediction run(Series data, DecayedMoments m, boolean update) {
            Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
            double[] score = b.anomalyScore();
            int warm = spec.onlineArgs.minNSamplesSeen();
            for (int i = 0; i < data.size(); i++) {
                double y = data.value(i);
                spec.fill(b, i, y, m.mean(), m.std());
                score[i] = spec.pipeline().score(y, b.yhat()[i], b.yhatLower()[i], b.yhatUpper()[i]);
                if (m.count() <= warm && !Double.isNaN(score[i])) {
                    score[i] = 0.0;
                }
                if (update) {
                    m.add(y);
                }
            }
            // Report the scaled and clipped band, as offline models do.
            spec.pipeline().apply(b.y(), b.yhat(), b.yhatLower(), b.yhatUpper(), new double[b.size()], 0, b.size());
            return b.build();
        }

        @Override
        public void update(Series batch) {
            for (int i = 0; i < batch.size(); i++) {
                moments.add(batch.value(i));
            }
        }

        @Override
        public long samplesSeen() {
            return moments.count();
        }

        @Override
        public OnlineModel copy() {
            return new Online(spec, moments.copy());
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

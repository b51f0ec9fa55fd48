package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Stepper}: infer or infer-and-update, the time-aligned micro-batches, and the warm start. */
class StepperTest {

    static final long T0 = 1_704_067_200_000L;
    static final long MIN = 60_000L;

    /** Records each call: "infer n" or "update n" for a batch of n points; scores each point with n. */
    static class Recording implements OnlineModel {
        final List<String> calls = new ArrayList<>();
        final List<long[]> batches = new ArrayList<>();

        @Override
        public ModelSpec spec() {
            return null;
        }

        @Override
        public Prediction infer(Series data) {
            calls.add("infer " + data.size());
            return predict(data);
        }

        @Override
        public Prediction inferAndUpdate(Series batch) {
            calls.add("update " + batch.size());
            batches.add(batch.timestamps());
            return predict(batch);
        }

        Prediction predict(Series data) {
            Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
            for (int i = 0; i < data.size(); i++) {
                b.set(i, data.value(i), 0, 0, 0);
                b.anomalyScore()[i] = data.size();
            }
            return b.build();
        }

        @Override
        public void update(Series batch) {
        }

        @Override
        public long samplesSeen() {
            return 0;
        }

        @Override
        public OnlineModel copy() {
            return this;
        }
    }

    /** The same, seen as an offline model (not an {@link OnlineModel}). */
    static final class Offline implements FittedModel {
        final Recording inner = new Recording();

        @Override
        public ModelSpec spec() {
            return null;
        }

        @Override
        public Prediction infer(Series data) {
            return inner.infer(data);
        }
    }

    /** Points at the given minutes after {@link #T0}. */
    static Series at(long... minutes) {
        long[] ts = new long[minutes.length];
        double[] vs = new double[minutes.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + minutes[i] * MIN;
            vs[i] = i;
        }
        return Series.of(Labels.of("__name__", "m"), ts, vs);
    }

    @Test
    void step_onlineModel_infersAndUpdates_offlineModel_onlyInfers() {
        Recording online = new Recording();
        Offline offline = new Offline();
        Series s = at(1, 2, 3);
        assertThat(Stepper.step(online, s).size()).isEqualTo(3);
        assertThat(Stepper.step(offline, s).size()).isEqualTo(3);
        assertThat(online.calls).containsExactly("update 3");
        assertThat(offline.inner.calls).containsExactly("infer 3");
    }

    @Test
    void stepAligned_online_splitsAtIntervalEndsInclusive() {
        Recording m = new Recording();
        List<Prediction> out = new ArrayList<>();
        // Intervals of 5 min from minute 0: (0, 5], (5, 10], (10, 15]; minute 5 closes the first one,
        // minutes 11..14 hold no point, so (10, 15] is skipped, and (15, 20] holds 16 and 20.
        int steps = Stepper.stepAligned(m, at(1, 4, 5, 6, 10, 16, 20), T0, 5 * MIN, out::add);
        assertThat(steps).isEqualTo(3);
        assertThat(m.calls).containsExactly("update 3", "update 2", "update 2");
        assertThat(out).extracting(Prediction::size).containsExactly(3, 2, 2);
        assertThat(m.batches.get(1)).containsExactly(T0 + 6 * MIN, T0 + 10 * MIN);
    }

    @Test
    void stepAligned_pointsBeforeTheAnchor_fallInEarlierIntervals() {
        Recording m = new Recording();
        Stepper.stepAligned(m, at(-7, -6, -5, -1, 0, 1), T0, 5 * MIN, p -> { });
        // (-10, -5], (-5, 0], (0, 5]
        assertThat(m.calls).containsExactly("update 3", "update 2", "update 1");
    }

    @Test
    void stepAligned_withoutAnInterval_orForAnOfflineModel_isOneStepOnTheBatchItself() {
        Series s = at(1, 4, 5, 6, 10);
        List<Prediction> out = new ArrayList<>();
        Recording m = new Recording();
        assertThat(Stepper.stepAligned(m, s, T0, 0, out::add)).isEqualTo(1);
        assertThat(m.calls).containsExactly("update 5");
        Offline o = new Offline();
        assertThat(Stepper.stepAligned(o, s, T0, 5 * MIN, out::add)).isEqualTo(1);
        assertThat(o.inner.calls).containsExactly("infer 5");
        assertThat(Stepper.stepAligned(m, at(), T0, 5 * MIN, out::add)).isZero();
        assertThat(out).hasSize(2);
    }

    @Test
    void stepAligned_sameScoresAsOneStepPerInterval() {
        ModelSpec spec = ModelRegistry.standard().create("zscore_online", Map.of());
        Series s = at(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        FittedModel a = spec.fit(at(-3, -2, -1));
        List<Double> aligned = new ArrayList<>();
        Stepper.stepAligned(a, s, T0, 4 * MIN, p -> {
            for (int i = 0; i < p.size(); i++) {
                aligned.add(p.anomalyScore(i));
            }
        });
        FittedModel b = spec.fit(at(-3, -2, -1));
        List<Double> manual = new ArrayList<>();
        for (int[] r : new int[][] {{0, 4}, {4, 8}, {8, 12}, {12, 13}}) {
            Prediction p = ((OnlineModel) b).inferAndUpdate(s.slice(r[0], r[1]));
            for (int i = 0; i < p.size(); i++) {
                manual.add(p.anomalyScore(i));
            }
        }
        assertThat(aligned).isEqualTo(manual);
    }

    @Test
    void startOnline_onlineSpec_isFittedOnNoPoints_offlineSpec_waits() {
        ModelRegistry r = ModelRegistry.standard();
        Labels l = Labels.of("__name__", "m");
        FittedModel m = Stepper.startOnline(r.create("zscore_online", Map.of()), l);
        assertThat(m).isInstanceOf(OnlineModel.class);
        assertThat(((OnlineModel) m).samplesSeen()).isZero();
        assertThat(Stepper.startOnline(r.create("model.zscore.ZscoreModel", Map.of()), l)).isNull();
    }
}

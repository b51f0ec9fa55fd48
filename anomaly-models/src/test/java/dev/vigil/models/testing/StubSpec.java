package dev.vigil.models.testing;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in model for tests of code that drives models (replays, the runner's scheduling, the
 * CLI): its fitted models predict whatever a {@link Scorer} says, and its fit may record, refuse
 * ({@link dev.vigil.models.InsufficientDataException}) or fail like a bug. No arguments, the default
 * score pipeline, no outputs besides the standard ones. Immutable and thread-safe when its
 * {@link Fitter} is.
 */
public final class StubSpec implements ModelSpec {

    /** What a fitted stub predicts for a batch: one row per point. */
    @FunctionalInterface
    public interface Scorer {
        /** The prediction of {@code batch}. */
        Prediction score(Series batch);
    }

    /** How a stub fits: the scorer of the fitted model, or an exception. */
    @FunctionalInterface
    public interface Fitter {
        /** The scorer of the model fitted on {@code train}. */
        Scorer fit(Series train);
    }

    private final String alias;
    private final boolean online;
    private final Fitter fitter;

    private StubSpec(String alias, boolean online, Fitter fitter) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.online = online;
        this.fitter = Objects.requireNonNull(fitter, "fitter");
    }

    /** An offline stub: each fit returns a {@link FittedModel} predicting with the scorer {@code fitter} gives. */
    public static StubSpec offline(String alias, Fitter fitter) {
        return new StubSpec(alias, false, fitter);
    }

    /**
     * An online stub: each fit returns a fresh {@link OnlineModel} that predicts every batch with
     * {@code scorer} (inferred or not) and counts the finite points it learns.
     */
    public static StubSpec online(String alias, Scorer scorer) {
        Objects.requireNonNull(scorer, "scorer");
        return new StubSpec(alias, true, train -> scorer);
    }

    /** An offline stub whose fit fails like a bug would: an {@link IllegalStateException} with {@code message}. */
    public static StubSpec failing(String alias, String message) {
        return new StubSpec(alias, false, train -> {
            throw new IllegalStateException(message);
        });
    }

    /**
     * An offline stub whose fit counts {@code fitting} down, then blocks until {@code release} opens
     * (at most 30 s) and predicts zeros: a fit that is in progress for as long as a test needs.
     */
    public static StubSpec blockingFit(String alias, CountDownLatch fitting, CountDownLatch release) {
        return offline(alias, train -> {
            fitting.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch -> constant(batch, 0, 0, 0, 0);
        });
    }

    /**
     * A prediction of {@code data} with the same yhat, band and score on every row ({@code y} is the
     * input value).
     */
    public static Prediction constant(Series data, double yhat, double lower, double upper, double score) {
        Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
        for (int i = 0; i < data.size(); i++) {
            b.set(i, data.value(i), yhat, lower, upper);
            b.anomalyScore()[i] = score;
        }
        return b.build();
    }

    /**
     * A registry entry for this stub under its alias and {@code classPath}. Its factory reads the
     * business arguments (which the runner passes to every model) and returns this spec.
     */
    public ModelRegistry.Entry entry(String classPath) {
        return new ModelRegistry.Entry(alias, classPath, args -> {
            args.scoreSpec();
            return this;
        });
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public Map<String, Object> resolvedArgs() {
        return Map.of();
    }

    @Override
    public ScoreSpec scoreSpec() {
        return ScoreSpec.DEFAULT;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public List<String> availableOutputs() {
        return List.of();
    }

    @Override
    public FittedModel fit(Series train) {
        Scorer scorer = fitter.fit(train);
        return online ? new Online(this, scorer, train.finiteCount()) : new Fitted(this, scorer);
    }

    @Override
    public String toString() {
        return "StubSpec[" + alias + "]";
    }

    /** An offline stub model. Immutable. */
    private record Fitted(StubSpec spec, Scorer scorer) implements FittedModel {
        @Override
        public Prediction infer(Series data) {
            return scorer.score(data);
        }
    }

    /** An online stub model: predicts with its scorer, counts the points it learns. Single writer. */
    private static final class Online implements OnlineModel {
        private final StubSpec spec;
        private final Scorer scorer;
        private long seen;

        Online(StubSpec spec, Scorer scorer, long seen) {
            this.spec = spec;
            this.scorer = scorer;
            this.seen = seen;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public Prediction infer(Series data) {
            return scorer.score(data);
        }

        @Override
        public Prediction inferAndUpdate(Series batch) {
            Prediction p = scorer.score(batch);
            seen += batch.finiteCount();
            return p;
        }

        @Override
        public void update(Series batch) {
            seen += batch.finiteCount();
        }

        @Override
        public long samplesSeen() {
            return seen;
        }

        @Override
        public OnlineModel copy() {
            return new Online(spec, scorer, seen);
        }
    }
}

package dev.vigil.models.internal;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.score.ScorePipeline;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared state of every built-in spec: alias, resolved arguments, score pipeline and
 * {@code provide_series}. Subclasses read their own arguments from {@link ModelArgs} in their
 * constructor, then the factory calls {@link ModelArgs#finish()}. Immutable and thread-safe once
 * constructed (subclasses must keep it so).
 *
 * <p>Internal: public only so that the model families in other packages can extend it; callers use
 * {@link ModelSpec}.
 */
public abstract class BaseModelSpec implements ModelSpec {

    /** vmanomaly's default output series for models with a band. */
    public static final List<String> DEFAULT_PROVIDE_SERIES = List.of(Columns.ANOMALY_SCORE, Columns.YHAT, Columns.YHAT_LOWER, Columns.YHAT_UPPER);

    private final String alias;
    private final ScoreSpec scoreSpec;
    private final ScorePipeline pipeline;
    private final List<String> provideSeries;
    private final ModelArgs args;

    /** Reads the common arguments (business arguments and {@code provide_series}). */
    protected BaseModelSpec(ModelArgs args, List<String> availableOutputs) {
        this.args = Objects.requireNonNull(args, "args");
        this.alias = args.model();
        this.scoreSpec = args.scoreSpec();
        this.pipeline = new ScorePipeline(scoreSpec);
        this.provideSeries = args.provideSeries(DEFAULT_PROVIDE_SERIES.stream()
                .filter(s -> s.equals(Columns.ANOMALY_SCORE) || availableOutputs.contains(s)).toList(), availableOutputs);
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public Map<String, Object> resolvedArgs() {
        return args.resolved();
    }

    @Override
    public ScoreSpec scoreSpec() {
        return scoreSpec;
    }

    /** The pipeline built from {@link #scoreSpec()}. */
    public ScorePipeline pipeline() {
        return pipeline;
    }

    @Override
    public List<String> provideSeries() {
        return provideSeries;
    }

    @Override
    public String toString() {
        return alias + resolvedArgs();
    }
}

package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.service.SeriesProtocol.Outcome;
import dev.vigil.runner.service.SeriesProtocol.Target;
import dev.vigil.vm.OutputSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * The model stage of a job for one model on one query: the {@link SeriesProtocol} on every series
 * the query returned, {@code series_processing_batch_size} series per task on the {@link Workers},
 * then the {@code vmanomaly_model_*} metrics of the stage. A series that fails is counted and
 * skipped; the others go on.
 *
 * <p>Thread-safe: stages of different jobs may run at once (parallel backtesting windows); the
 * output list passed in must be thread-safe.
 */
final class ModelStage {

    private final SeriesProtocol protocol;
    private final Workers workers;
    private final RunnerMetrics metrics;
    private final int seriesPerTask;

    ModelStage(SeriesProtocol protocol, Workers workers, RunnerMetrics metrics, int seriesPerTask) {
        this.protocol = protocol;
        this.workers = workers;
        this.metrics = metrics;
        this.seriesPerTask = Math.max(1, seriesPerTask);
    }

    /**
     * The protocol on every series of {@code data} on the workers, without the metrics: a stage may
     * run in parts (a streamed read, {@link StreamedQuery}), whose outcomes are summed and then
     * {@link #report}ed once.
     */
    Outcome score(Target t, List<Series> data, Job job, List<OutputSeries> out, Map<Labels, SeriesState> states) {
        List<List<Series>> parts = parts(data);
        List<Callable<Outcome>> tasks = new ArrayList<>(parts.size());
        for (List<Series> part : parts) {
            tasks.add(() -> part(t, part, job, out, states));
        }
        Outcome total = Outcome.NONE;
        for (Outcome o : workers.runAll(tasks, Outcome.FAILED)) {
            total = total.plus(o);
        }
        return total;
    }

    /** {@code data} cut into the parts of one task each: {@code series_processing_batch_size} series (views). */
    List<List<Series>> parts(List<Series> data) {
        List<List<Series>> parts = new ArrayList<>(data.size() / seriesPerTask + 1);
        for (int from = 0; from < data.size(); from += seriesPerTask) {
            parts.add(data.subList(from, Math.min(data.size(), from + seriesPerTask)));
        }
        return parts;
    }

    /**
     * One task's work: the protocol on every series of {@code part}, one after the other, on the
     * calling thread; a series that fails is counted and the others go on.
     */
    Outcome part(Target t, List<Series> part, Job job, List<OutputSeries> out, Map<Labels, SeriesState> states) {
        Outcome sum = Outcome.NONE;
        for (Series s : part) {
            Outcome o;
            try {
                o = protocol.run(t, states, s, job, out);
            } catch (RuntimeException e) {
                o = Outcome.FAILED;
            }
            sum = sum.plus(o);
        }
        return sum;
    }

    /** Starts {@code task} on the workers beside the caller ({@link Workers#start}). */
    <T> Future<T> start(Callable<T> task) {
        return workers.start(task);
    }

    /** The {@code vmanomaly_model_*} metrics of a stage that did {@code total} in {@code nanos}. */
    void report(Target t, Job job, Outcome total, long nanos, Map<Labels, SeriesState> states) {
        String stage = job.stage().label();
        String q = t.query().alias();
        String m = t.model().alias();
        metrics.modelRun(stage, q, m, t.scheduler(), nanos / 1e9, total.runs(), total.accepted(),
                total.produced());
        if (total.skipped() > 0) {
            metrics.modelSkipped(stage, q, m, t.scheduler(), total.skipped());
        }
        if (total.errors() > 0) {
            metrics.modelErrors(stage, q, m, t.scheduler(), total.errors());
        }
        metrics.modelsActive(q, m, t.scheduler(), SeriesStates.active(states));
    }
}

package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Stepper;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.vm.OutputSeries;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-series protocol: what one job does to the model of one series, after vmanomaly's
 * scheduler semantics (vmanomaly docs (v1.30), scheduler and reader sections).
 *
 * <ul>
 *   <li>An inference scores only the points newer than the last one scored for the series, so each
 *       timestamp is scored once. By default ({@code query_from_last_seen_timestamp}) it catches up
 *       from that last point, as far back as the catch-up limit allows ({@link Plan#lastSeenFloor});
 *       with the option off, only the points in {@code (inferStart, inferEnd]} are scored.
 *   <li>While catching up from a VictoriaMetrics reader, the last point of a series that stops
 *       before the end of the read and repeats the value before it is left for the next job
 *       ({@link #withoutFill}): it is most likely VictoriaMetrics' look-back copy of the previous
 *       sample, standing in for a point that has not arrived yet.
 *   <li>A fit replaces the series' model in one write, on the points in {@code [fitStart, fitEnd]};
 *       an offline model is not fitted on a window without a finite point. In a fit-and-infer job
 *       an online model is fitted only up to the inference cut-off and then learns the rest as it
 *       scores it, so no point is learned twice.
 *   <li>A series first seen at inference starts a fresh online model ({@link Stepper#startOnline}),
 *       or waits for the next fit for an offline one.
 *   <li>Scoring is {@link Stepper#stepAligned}: an online model scores each point before it learns
 *       it, in the micro-batches of an {@code exact} backtesting scheduler when there is one.
 * </ul>
 *
 * <p>A fit or inference that fails is logged with its query, model and scheduler and counted; one
 * without enough data ({@link InsufficientDataException}) is counted as skipped.
 *
 * <p>Thread-safe: stateless itself; the protocol of one series runs under its {@link SeriesState}'s
 * monitor, so different series may run on different threads at once.
 */
final class SeriesProtocol {

    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    private final Plan plan;

    SeriesProtocol(Plan plan) {
        this.plan = plan;
    }

    /**
     * One model attached to one query of one scheduler: what a job runs on each series of the query.
     *
     * @param provide      the {@code provide_series} written
     * @param exactEveryMs the micro-batch of an {@code exact} backtesting scheduler, else 0
     */
    record Target(String scheduler, ModelConfig model, QueryConfig query, ModelSpec spec, List<String> provide,
                  long exactEveryMs) {
    }

    /**
     * What a job did to a set of series: model runs (fits and inference steps), points accepted
     * (fitted on or inferred), points produced (prediction rows), series skipped, and failures.
     */
    record Outcome(int runs, long accepted, long produced, int skipped, int errors) {

        /** Nothing done. */
        static final Outcome NONE = new Outcome(0, 0, 0, 0, 0);

        /** One failure. */
        static final Outcome FAILED = new Outcome(0, 0, 0, 0, 1);

        /** The sum of both. */
        Outcome plus(Outcome o) {
            return new Outcome(runs + o.runs, accepted + o.accepted, produced + o.produced, skipped + o.skipped,
                    errors + o.errors);
        }
    }

    /** The counts of one series, as the protocol goes. */
    private static final class Tally {
        int runs;
        int skipped;
        int errors;
        long accepted;
        long produced;

        Outcome outcome() {
            return new Outcome(runs, accepted, produced, skipped, errors);
        }
    }

    /**
     * Runs {@code job} on series {@code s}: fit and/or infer its model in {@code states} (created on
     * first use), adding the outputs to {@code out}.
     */
    Outcome run(Target t, Map<Labels, SeriesState> states, Series s, Job job, List<OutputSeries> out) {
        SeriesState state = states.get(s.labels()); // a plain read for a known series: no lambda, no bin lock
        if (state == null) {
            state = states.computeIfAbsent(s.labels(), k -> new SeriesState());
        }
        Tally n = new Tally();
        synchronized (state) {
            long cut = job.infers() ? Math.max(state.lastSeen, job.inferStart().toEpochMilli()) : Long.MAX_VALUE;
            if (job.infers() && plan.fromLastSeen() && state.lastSeen != Long.MIN_VALUE) {
                // Catch up from the last point scored (late points, outages, overruns), as far back as the limit allows.
                cut = Math.max(state.lastSeen, plan.lastSeenFloor(t.query(), job));
            }
            if (job.fits()) {
                fit(t, state, s, job, cut, n);
            }
            if (job.infers()) {
                infer(t, state, s, job, cut, out, n);
            }
        }
        return n.outcome();
    }

    private void fit(Target t, SeriesState state, Series s, Job job, long cut, Tally n) {
        ModelSpec spec = t.spec();
        long fitEnd = job.fitEnd().toEpochMilli();
        if (spec.isOnline() && job.infers()) {
            fitEnd = Math.min(fitEnd, cut);
        }
        Series train = s.between(job.fitStart().toEpochMilli(), fitEnd == Long.MAX_VALUE ? fitEnd : fitEnd + 1);
        try {
            if (train.finiteCount() == 0 && !spec.isOnline()) {
                n.skipped++;
            } else {
                state.model = spec.fit(train);
                n.runs++;
                n.accepted += train.finiteCount();
            }
        } catch (InsufficientDataException e) {
            n.skipped++;
            MODEL_LOG.debug("model '{}' skipped fit of {}: {}", t.model().alias(), s.labels(), e.getMessage());
        } catch (RuntimeException e) {
            n.errors++;
            MODEL_LOG.error("fit failed: model '{}', query_key '{}', scheduler '{}', series {}: {}", t.model().alias(),
                    t.query().alias(), t.scheduler(), s.labels(), e.toString());
        }
    }

    /**
     * {@code batch} without its last point when that point is most likely VictoriaMetrics' look-back
     * fill rather than a sample: it is the series' last point, repeats the value before it exactly,
     * and the series stops before the last step the read asked for ({@code lastStepMs}). VictoriaMetrics
     * answers the step after a series' newest sample with that sample again; when the series is only
     * late (an outage, a collector flushing its buffer), scoring that copy would take the place of
     * the real point, which arrives later and would then never be scored. Held back, the point is read
     * again by the next job: scored once real data follows, or when it is no longer the last one.
     * O(1).
     */
    static Series withoutFill(Series s, Series batch, long lastStepMs) {
        int n = s.size();
        if (batch.isEmpty() || n < 2 || s.timestamp(n - 1) >= lastStepMs
                || batch.lastTimestamp() != s.timestamp(n - 1)
                || Double.doubleToLongBits(s.value(n - 1)) != Double.doubleToLongBits(s.value(n - 2))) {
            return batch;
        }
        return batch.between(Long.MIN_VALUE, batch.lastTimestamp());
    }

    private void infer(Target t, SeriesState state, Series s, Job job, long cut, List<OutputSeries> out, Tally n) {
        Series batch = s.after(cut == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : cut);
        batch = batch.between(Long.MIN_VALUE, job.inferEnd().toEpochMilli() + 1);
        if (plan.holdsBackFill(t.scheduler())) {
            long stepMs = t.query().step().toMillis();
            long end = job.readEnd().toEpochMilli() - t.query().client().offset().toMillis();
            batch = withoutFill(s, batch, Math.floorDiv(end, stepMs) * stepMs);
        }
        FittedModel model = state.model;
        if (batch.isEmpty()) {
            n.skipped++;
            return;
        }
        if (model == null && !t.spec().isOnline()) {
            n.skipped++;
            MODEL_LOG.debug("model '{}': new series {} waits for the next fit", t.model().alias(), s.labels());
            return;
        }
        try {
            if (model == null) {
                model = Stepper.startOnline(t.spec(), s.labels());
                state.model = model;
            }
            Stepper.stepAligned(model, batch, job.inferStart().toEpochMilli(), t.exactEveryMs(), p -> {
                n.runs++;
                n.produced += p.size();
                out.addAll(Outputs.of(t.scheduler(), t.model().alias(), t.query().alias(), s.labels(), p, t.provide()));
            });
            state.lastSeen = batch.lastTimestamp();
            n.accepted += batch.finiteCount();
        } catch (InsufficientDataException e) {
            n.skipped++;
        } catch (RuntimeException e) {
            n.errors++;
            MODEL_LOG.error("infer failed: model '{}', query_key '{}', scheduler '{}', series {}: {}",
                    t.model().alias(), t.query().alias(), t.scheduler(), s.labels(), e.toString());
        }
    }
}

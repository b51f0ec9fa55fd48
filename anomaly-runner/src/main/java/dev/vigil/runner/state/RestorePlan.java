package dev.vigil.runner.state;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a start does with the stored state, worked out from the stored headers and the current
 * configuration:
 *
 * <ul>
 *   <li><b>reuse</b>: the stored signature equals the current one and the next fit
 *       ({@code last fit + fit_every}) is still ahead: the models are loaded, nothing is fitted;
 *   <li><b>refit</b>: stored, but the configuration changed or the next fit time has passed: fitted at
 *       the scheduler's first job;
 *   <li><b>fit</b>: not stored (new combination): fitted at the scheduler's first job, as without state;
 *   <li><b>delete</b>: stored, but the combination is no longer in the configuration (model, query or
 *       scheduler removed, detached, or the scheduler no longer periodic): its file is deleted.
 * </ul>
 *
 * <p>A periodic scheduler with at least one reused combination resumes its schedule from the latest
 * last fit of those ({@link #resumeFrom}): the next fit is at {@code last fit + fit_every}, inferences
 * on the {@code infer_every} grid from that last fit. Immutable and thread-safe.
 */
public final class RestorePlan {

    private final Map<Combination, StateStore.Header> reuse = new LinkedHashMap<>();
    private final Map<Combination, String> refit = new LinkedHashMap<>();
    private final Map<Combination, StateStore.Header> refitFrom = new LinkedHashMap<>();
    private final Set<Combination> fresh = new LinkedHashSet<>();
    private final List<StateStore.Header> delete = new ArrayList<>();
    private final Map<String, Instant> resumeFrom = new LinkedHashMap<>();
    private final Map<Combination, String> signatures;

    private RestorePlan(Map<Combination, String> signatures) {
        this.signatures = Collections.unmodifiableMap(new LinkedHashMap<>(signatures));
    }

    /** The plan of a start at {@code now} of {@code config} over the stored {@code headers}. */
    public static RestorePlan of(RunnerConfig config, List<StateStore.Header> headers, Instant now) {
        RestorePlan p = new RestorePlan(Signatures.of(config));
        Map<Combination, StateStore.Header> stored = new LinkedHashMap<>();
        for (StateStore.Header h : headers) {
            if (p.signatures.containsKey(h.combination())) {
                stored.put(h.combination(), h);
            } else {
                p.delete.add(h);
            }
        }
        p.signatures.forEach((c, sig) -> {
            StateStore.Header h = stored.get(c);
            if (h == null) {
                p.fresh.add(c);
                return;
            }
            SchedulerConfig.Periodic sc = (SchedulerConfig.Periodic) config.schedulers().get(c.scheduler());
            Instant nextFit = Instant.ofEpochMilli(h.lastFitMs()).plus(sc.fitEvery());
            if (!h.signature().equals(sig)) {
                p.refit.put(c, "configuration changed");
                p.refitFrom.put(c, h);
            } else if (!nextFit.isAfter(now)) {
                p.refit.put(c, "next fit time " + nextFit + " has passed");
                p.refitFrom.put(c, h);
            } else {
                p.reuse.put(c, h);
                Instant last = Instant.ofEpochMilli(h.lastFitMs());
                p.resumeFrom.merge(c.scheduler(), last, (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return p;
    }

    /** The combinations whose stored models are reused, with their headers. */
    public Map<Combination, StateStore.Header> reuse() {
        return Collections.unmodifiableMap(reuse);
    }

    /** The stored combinations refitted at their scheduler's first job, with the reason. */
    public Map<Combination, String> refit() {
        return Collections.unmodifiableMap(refit);
    }

    /**
     * The stored headers of the refitted combinations: their models are not reused, but the points
     * they scored are not scored again.
     */
    public Map<Combination, StateStore.Header> refitFrom() {
        return Collections.unmodifiableMap(refitFrom);
    }

    /** The combinations with no stored state, fitted at their scheduler's first job. */
    public Set<Combination> fresh() {
        return Collections.unmodifiableSet(fresh);
    }

    /** The stored combinations no longer configured: their files are deleted. */
    public List<StateStore.Header> delete() {
        return Collections.unmodifiableList(delete);
    }

    /** The current signature of every persisted combination. */
    public Map<Combination, String> signatures() {
        return signatures;
    }

    /** The last fit a periodic scheduler resumes from; {@code null} when it starts afresh. */
    public Instant resumeFrom(String scheduler) {
        return resumeFrom.get(scheduler);
    }

    /** Whether {@code c} needs a fit at its scheduler's first job although the scheduler resumes. */
    public boolean needsFit(Combination c) {
        return !reuse.containsKey(c);
    }

    /** The plan as lines of text, for logs and {@code --dryRun}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        reuse.forEach((c, h) -> out.add("reuse:  " + c + " (" + h.series() + " series, last fit "
                + Instant.ofEpochMilli(h.lastFitMs()) + ")"));
        refit.forEach((c, why) -> out.add("refit:  " + c + " (" + why + ")"));
        fresh.forEach(c -> out.add("fit:    " + c + " (no stored state)"));
        delete.forEach(h -> out.add("delete: " + h.combination() + " (no longer configured)"));
        return out;
    }
}

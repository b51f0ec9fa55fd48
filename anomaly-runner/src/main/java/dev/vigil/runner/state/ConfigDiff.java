package dev.vigil.runner.state;

import dev.vigil.config.ReaderConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a hot reload changes, from the configuration running to a new one. Combinations (scheduler,
 * model, query) are compared by their {@link Signatures#all signature} (the model's class and
 * resolved arguments, the query, the scheduler's settings; key order in the YAML does not count):
 * a combination is kept, changed (same names, other signature: refitted), added or removed. Schedulers
 * are compared by their settings; the reader's connection (everything but its queries), the writer,
 * {@code n_workers}, {@code logger_levels}, {@code restore_state}, {@code monitoring} and {@code server} each
 * by value.
 *
 * <p>Immutable and thread-safe; O(combinations) to build.
 *
 * @param kept combinations whose signature is unchanged: they keep their models and schedule
 * @param changed combinations present in both with another signature: their models are refitted
 * @param added combinations only in the new configuration
 * @param removed combinations only in the running configuration: their models are dropped
 * @param schedulersAdded scheduler aliases only in the new configuration
 * @param schedulersRemoved scheduler aliases only in the running configuration
 * @param schedulersChanged scheduler aliases in both whose settings differ (restarted afresh)
 * @param readerChanged whether the reader's connection settings differ (the reader is rebuilt)
 * @param writerChanged whether the writer section differs (the writer is rebuilt)
 * @param workersChanged whether {@code settings.n_workers} differs
 * @param loggerLevelsChanged whether {@code settings.logger_levels} differs
 * @param restoreStateChanged whether {@code settings.restore_state} differs (applies at the next start)
 * @param monitoringChanged whether the {@code monitoring} section differs (applies at the next start)
 * @param serverChanged whether the {@code server} section differs (added, removed or changed: applied at once)
 */
public record ConfigDiff(Set<Combination> kept, Set<Combination> changed, Set<Combination> added,
                         Set<Combination> removed, Set<String> schedulersAdded, Set<String> schedulersRemoved,
                         Set<String> schedulersChanged, boolean readerChanged, boolean writerChanged,
                         boolean workersChanged, boolean loggerLevelsChanged, boolean restoreStateChanged,
                         boolean monitoringChanged, boolean serverChanged) {

    /** Copies the sets (keeping their order). */
    public ConfigDiff {
        kept = copy(kept);
        changed = copy(changed);
        added = copy(added);
        removed = copy(removed);
        schedulersAdded = copy(schedulersAdded);
        schedulersRemoved = copy(schedulersRemoved);
        schedulersChanged = copy(schedulersChanged);
    }

    private static <T> Set<T> copy(Set<T> s) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }

    /** The difference from {@code running} to {@code next}. */
    public static ConfigDiff of(RunnerConfig running, RunnerConfig next) {
        Map<Combination, String> before = Signatures.all(running);
        Map<Combination, String> after = Signatures.all(next);
        Set<Combination> kept = new LinkedHashSet<>();
        Set<Combination> changed = new LinkedHashSet<>();
        Set<Combination> added = new LinkedHashSet<>();
        Set<Combination> removed = new LinkedHashSet<>();
        after.forEach((c, sig) -> {
            String old = before.get(c);
            (old == null ? added : old.equals(sig) ? kept : changed).add(c);
        });
        before.keySet().stream().filter(c -> !after.containsKey(c)).forEach(removed::add);
        Set<String> sAdded = new LinkedHashSet<>();
        Set<String> sChanged = new LinkedHashSet<>();
        Set<String> sRemoved = new LinkedHashSet<>();
        next.schedulers().forEach((alias, sc) -> {
            SchedulerConfig old = running.schedulers().get(alias);
            if (old == null) {
                sAdded.add(alias);
            } else if (!old.equals(sc)) {
                sChanged.add(alias);
            }
        });
        running.schedulers().keySet().stream().filter(a -> !next.schedulers().containsKey(a)).forEach(sRemoved::add);
        return new ConfigDiff(kept, changed, added, removed, sAdded, sRemoved, sChanged,
                !connection(running.reader()).equals(connection(next.reader())),
                !Objects.equals(running.writer(), next.writer()),
                running.settings().nWorkers() != next.settings().nWorkers(),
                !Objects.equals(running.settings().loggerLevels(), next.settings().loggerLevels()),
                running.settings().restoreState() != next.settings().restoreState(),
                !Objects.equals(running.monitoring(), next.monitoring()),
                !Objects.equals(running.server(), next.server()));
    }

    /** The reader section without its queries (a query change is a change of its combinations). */
    private static ReaderConfig connection(ReaderConfig r) {
        return new ReaderConfig(r.datasourceUrl(), r.path(), r.client(), r.samplingPeriod(), r.timeout(),
                r.fetchTimeout(), Map.of(), r.queryFromLastSeenTimestamp(), r.queryLastSeenMaxLookback(),
                r.seriesProcessingBatchSize());
    }

    /** Whether anything the jobs use differs (else only logger levels or start-time settings changed). */
    public boolean affectsJobs() {
        return !changed.isEmpty() || !added.isEmpty() || !removed.isEmpty() || !schedulersAdded.isEmpty()
                || !schedulersRemoved.isEmpty() || !schedulersChanged.isEmpty() || readerChanged || writerChanged
                || workersChanged;
    }

    /** The combinations whose model state is dropped: removed and changed ones. */
    public Set<Combination> dropped() {
        Set<Combination> out = new LinkedHashSet<>(removed);
        out.addAll(changed);
        return Collections.unmodifiableSet(out);
    }

    /** One log line per kind of change; empty when the configurations are equivalent. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        add(out, "schedulers added (started)", schedulersAdded);
        add(out, "schedulers removed (stopped)", schedulersRemoved);
        add(out, "schedulers changed (restarted)", schedulersChanged);
        add(out, "combinations added (fitted at their scheduler's next job)", added);
        add(out, "combinations changed (refitted at their scheduler's next job)", changed);
        add(out, "combinations removed (models dropped)", removed);
        if (!kept.isEmpty() && (!added.isEmpty() || !changed.isEmpty() || !removed.isEmpty())) {
            out.add(kept.size() + " combination(s) unchanged: models and schedules kept");
        }
        if (readerChanged) {
            out.add("reader settings changed: reader rebuilt");
        }
        if (writerChanged) {
            out.add("writer changed: writer rebuilt");
        }
        if (workersChanged) {
            out.add("settings.n_workers changed: worker threads rebuilt");
        }
        if (loggerLevelsChanged) {
            out.add("settings.logger_levels changed: applied");
        }
        if (restoreStateChanged) {
            out.add("settings.restore_state changed: applies at the next start only");
        }
        if (monitoringChanged) {
            out.add("monitoring changed: applies at the next start only");
        }
        if (serverChanged) {
            out.add("server section changed: applied (REST API started, stopped or reconfigured)");
        }
        return out;
    }

    private static void add(List<String> out, String what, Set<?> items) {
        if (!items.isEmpty()) {
            out.add(what + ": " + items);
        }
    }
}

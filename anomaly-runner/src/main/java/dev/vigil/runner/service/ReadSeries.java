package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.SeriesPark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The series of one whole read, for models that need all of them before they start (multivariate and
 * peer models form groups across the read): in memory, or parked on disk ({@link SeriesPark}) so that
 * the job holds their labels and loads one group, or one batch, at a time. Thread-safety: {@link #get}
 * and {@link #batch} from any thread; {@link #close()} once, when the job is done with the read.
 */
interface ReadSeries extends AutoCloseable {

    /** The series' labels: the read's order in memory, {@link Labels} order when parked. */
    List<Labels> labels();

    /** The series of {@code labels}, or {@code null}. */
    Series get(Labels labels);

    /** Whether the series are in memory (then a batch costs nothing and one batch can hold them all). */
    boolean inMemory();

    /** The series of {@code labels().subList(from, to)}. */
    default List<Series> batch(int from, int to) {
        List<Series> out = new ArrayList<>(to - from);
        for (Labels l : labels().subList(from, to)) {
            out.add(get(l));
        }
        return out;
    }

    @Override
    void close();

    /** {@code series}, held as they are. */
    static ReadSeries of(List<Series> series) {
        Map<Labels, Series> byLabels = new LinkedHashMap<>();
        for (Series s : series) {
            byLabels.put(s.labels(), s);
        }
        return new Held(List.copyOf(byLabels.keySet()), byLabels::get, series, () -> { });
    }

    /** The series parked in {@code park}, which this closes. */
    static ReadSeries parked(SeriesPark park) {
        return new Held(park.labels(), park::get, null, park::close);
    }

    /**
     * The one implementation: {@code all} is the series in memory (null when parked), {@code release}
     * what {@link #close()} does.
     */
    record Held(List<Labels> labels, Function<Labels, Series> loader, List<Series> all, Runnable release)
            implements ReadSeries {

        @Override
        public Series get(Labels l) {
            return loader.apply(l);
        }

        @Override
        public boolean inMemory() {
            return all != null;
        }

        @Override
        public List<Series> batch(int from, int to) {
            return all != null && from == 0 && to == all.size() ? all : ReadSeries.super.batch(from, to);
        }

        @Override
        public void close() {
            release.run();
        }
    }
}

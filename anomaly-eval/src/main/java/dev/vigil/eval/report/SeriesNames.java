package dev.vigil.eval.report;

import dev.vigil.core.series.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Readable names for the series of one report: the metric name followed by only the labels that tell
 * the series apart, e.g. {@code cpu{host="b"}} when every series shares {@code job="node"}. A series
 * without a metric name and without a distinguishing label is named by all its labels, and one with no
 * labels at all {@code (no labels)}. Stateless and thread-safe; O(series · labels · log labels).
 */
final class SeriesNames {

    private SeriesNames() {
    }

    /** The names of {@code all}, in the same order. */
    static List<String> of(List<Labels> all) {
        TreeSet<String> keys = new TreeSet<>();
        for (Labels l : all) {
            for (int i = 0; i < l.size(); i++) {
                keys.add(l.key(i));
            }
        }
        List<String> distinguishing = new ArrayList<>();
        for (String k : keys) {
            String first = all.get(0).get(k);
            // A label absent from some series but present in others also tells them apart.
            if (all.stream().anyMatch(l -> !Objects.equals(l.get(k), first))) {
                distinguishing.add(k);
            }
        }
        List<String> names = new ArrayList<>(all.size());
        for (Labels l : all) {
            names.add(name(l, distinguishing));
        }
        return names;
    }

    private static String name(Labels l, List<String> keys) {
        Labels shown = Labels.empty().withName(l.name());
        for (String k : keys) {
            String v = l.get(k);
            if (v != null) {
                shown = shown.with(k, v);
            }
        }
        if (shown.size() > 0) {
            return shown.toString();
        }
        if (!l.name().isEmpty()) {
            return l.name();
        }
        return l.size() == 0 ? "(no labels)" : l.toString();
    }
}

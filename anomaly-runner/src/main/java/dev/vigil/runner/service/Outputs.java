package dev.vigil.runner.service;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.OutputSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Output assembly: the series the service writes for one prediction. Stateless and thread-safe.
 */
final class Outputs {

    private Outputs() {
    }

    /**
     * One output series per {@code provide_series} entry the model produced, in that order, labelled
     * with the input series' labels and tagged with the (scheduler, model, query) that made it; the
     * writer names them per {@code metric_format}. O(points x outputs): one copy of each column and a
     * single copy of the timestamps, which the outputs share (a series never changes or hands out its
     * arrays, so sharing is safe and saves a copy per output on the per-series path).
     */
    static List<OutputSeries> of(String scheduler, String model, String query, Labels input, Prediction p,
                                 List<String> provide) {
        List<OutputSeries> res = new ArrayList<>(provide.size());
        long[] ts = null;
        for (String col : provide) {
            if (p.hasColumn(col)) {
                if (ts == null) {
                    ts = p.timestamps();
                }
                res.add(new OutputSeries(col, query, model, scheduler, Series.ofOwned(input, ts, p.column(col))));
            }
        }
        return res;
    }
}

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
     * writer names them per {@code metric_format}.
     */
    static List<OutputSeries> of(String scheduler, String model, String query, Labels input, Prediction p,
                                 List<String> provide) {
        List<OutputSeries> res = new ArrayList<>(provide.size());
        for (String col : provide) {
            if (p.hasColumn(col)) {
                res.add(new OutputSeries(col, query, model, scheduler, Series.of(input, p.timestamps(), p.column(col))));
            }
        }
        return res;
    }
}

package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import dev.vigil.vm.OutputSeries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels an output series is written with (spec 5), the same rule as
 * {@link dev.vigil.vm.VmWriter#outputLabels}: the input labels without their {@code __name__}, then
 * every {@code metric_format} entry with {@code $VAR} and {@code $QUERY_KEY} substituted, then
 * {@code model_alias} and {@code scheduler_alias}; generated labels win. Used by the file writer so that
 * a file holds exactly what VictoriaMetrics would. Stateless.
 */
public final class OutputLabels {

    private OutputLabels() {
    }

    /** The final labels of {@code s} under {@code metricFormat}. */
    public static Labels of(Map<String, String> metricFormat, OutputSeries s) {
        Map<String, String> m = new LinkedHashMap<>(s.series().labels().asMap());
        m.remove(Labels.NAME);
        for (Map.Entry<String, String> e : metricFormat.entrySet()) {
            m.put(e.getKey(), e.getValue().replace("$VAR", s.variable()).replace("$QUERY_KEY", s.queryKey()));
        }
        if (s.modelAlias() != null) {
            m.put("model_alias", s.modelAlias());
        }
        if (s.schedulerAlias() != null) {
            m.put("scheduler_alias", s.schedulerAlias());
        }
        return Labels.of(m);
    }
}

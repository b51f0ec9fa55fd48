package dev.vigil.benchmarks.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded, realistic payloads: node-exporter-like labels, 1-minute grids, values with a few decimals. */
public final class Payloads {

    public static final long T0 = 1_700_000_000_000L;

    private Payloads() {
    }

    public static List<Series> series(int nSeries, int nPoints, long seed) {
        Random rnd = new Random(seed);
        List<Series> out = new ArrayList<>(nSeries);
        for (int s = 0; s < nSeries; s++) {
            long[] ts = new long[nPoints];
            double[] vs = new double[nPoints];
            double level = 100 * rnd.nextDouble();
            for (int i = 0; i < nPoints; i++) {
                ts[i] = T0 + i * 60_000L;
                level += rnd.nextGaussian();
                // VictoriaMetrics answers with the shortest decimal of a float64; most metrics carry a few decimals
                vs[i] = Math.round(level * 1000) / 1000.0;
            }
            out.add(Series.of(Labels.of("__name__", "node_cpu_seconds_total", "instance", "host-" + s + ":9100",
                    "job", "node", "mode", s % 2 == 0 ? "idle" : "user", "cpu", Integer.toString(s % 16)), ts, vs));
        }
        return out;
    }

    /** The {@code query_range} answer VictoriaMetrics would give for these series. */
    static byte[] queryRangeBody(List<Series> series) {
        StringBuilder sb = new StringBuilder(series.size() * series.get(0).size() * 28 + 1024);
        sb.append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            sb.append(k == 0 ? "" : ",").append("{\"metric\":{\"__name__\":\"").append(s.labels().name()).append('"');
            for (int j = 0; j < s.labels().size(); j++) {
                sb.append(",\"").append(s.labels().key(j)).append("\":\"").append(s.labels().value(j)).append('"');
            }
            sb.append("},\"values\":[");
            for (int i = 0; i < s.size(); i++) {
                sb.append(i == 0 ? "[" : ",[").append(s.timestamp(i) / 1000).append(",\"");
                double v = s.value(i);
                if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    sb.append((long) v);
                } else {
                    sb.append(v);
                }
                sb.append("\"]");
            }
            sb.append("]}");
        }
        sb.append("]},\"stats\":{\"seriesFetched\":\"").append(series.size()).append("\"}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

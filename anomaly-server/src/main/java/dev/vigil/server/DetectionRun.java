package dev.vigil.server;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.QueryConfig;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.ReaderConfig;
import dev.vigil.vm.VmListener;
import dev.vigil.vm.VmReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * The work of one task: reads the query with the VictoriaMetrics client, then replays each series
 * through the model as {@code vigil score} does ({@link Replay#run}: fit on the points before the
 * inference window, score every point of it, refit on schedule). With {@code exact} online models learn
 * each point after scoring it, as in production; without, each refit period is scored by the model as
 * fitted (vmanomaly's faster default). Not thread-safe; one per task.
 * O(series · points) plus the model's cost.
 */
final class DetectionRun {

    private final TaskRequest request;
    private final HttpSettings datasource;
    private final Clock clock;
    private final long seed;

    /** @param seed seeds the client's retry jitter */
    DetectionRun(TaskRequest request, HttpSettings datasource, Clock clock, long seed) {
        this.request = request;
        this.datasource = datasource;
        this.clock = clock;
        this.seed = seed;
    }

    /**
     * Runs; one result per series with points in the inference window.
     *
     * @param progress told the share of points done, in [0, 1]
     * @throws CancellationException when the thread is interrupted
     */
    List<Map<String, Object>> run(DoubleConsumer progress) {
        QueryConfig q = QueryConfig.builder("task", request.query()).step(request.step()).build();
        ReaderConfig rc = ReaderConfig.builder(datasource).samplingPeriod(request.step()).build();
        QueryResult data;
        try (VmReader reader = VmReader.create(rc, VmListener.NONE, clock, new Random(seed))) {
            data = reader.read(q, request.startInfer().minus(request.fitWindow()), request.endInfer());
        }
        long total = Math.max(1, data.points());
        long[] done = {0};
        long startMs = request.startInfer().toEpochMilli();
        Refit refit = request.fitEvery() == null ? null
                : new Refit(Refit.Span.of(request.fitEvery()), Refit.Span.of(request.fitWindow()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : data.series().values()) {
            checkInterrupted();
            int fit = s.indexAtOrAfter(startMs);
            int n = s.size();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("labels", labels(s.labels()));
            if (fit == n) {
                continue; // nothing to score in the inference window
            }
            if (fit == 0) {
                r.put("error", "no points in the fit window before start_infer_s: nothing to fit on");
                out.add(r);
                done[0] += n;
                continue;
            }
            long before = done[0];
            Prediction p;
            try {
                p = Replay.run(request.model(), s, fit, refit, request.exact(), rows -> {
                    checkInterrupted();
                    progress.accept((double) (before + rows) / total);
                });
            } catch (InsufficientDataException e) {
                r.put("error", e.getMessage());
                out.add(r);
                done[0] += n;
                continue;
            }
            done[0] += n;
            progress.accept((double) done[0] / total);
            columns(r, p, fit);
            out.add(r);
        }
        return out;
    }

    private static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("canceled");
        }
    }

    /** The labels as a JSON object. */
    static Map<String, String> labels(Labels l) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < l.size(); i++) {
            m.put(l.key(i), l.value(i));
        }
        return m;
    }

    /** The scored rows from {@code from} on, as parallel arrays; NaN (missing) as null. */
    private static void columns(Map<String, Object> r, Prediction p, int from) {
        int n = p.size() - from;
        List<Double> ts = new ArrayList<>(n);
        List<Double> y = new ArrayList<>(n);
        List<Double> yhat = new ArrayList<>(n);
        List<Double> lo = new ArrayList<>(n);
        List<Double> hi = new ArrayList<>(n);
        List<Double> score = new ArrayList<>(n);
        for (int i = from; i < p.size(); i++) {
            ts.add(p.timestamp(i) / 1000.0);
            y.add(v(p.y(i)));
            yhat.add(v(p.yhat(i)));
            lo.add(v(p.yhatLower(i)));
            hi.add(v(p.yhatUpper(i)));
            score.add(v(p.anomalyScore(i)));
        }
        r.put("timestamps", ts);
        r.put("y", y);
        r.put("yhat", yhat);
        r.put("yhat_lower", lo);
        r.put("yhat_upper", hi);
        r.put("anomaly_score", score);
    }

    private static Double v(double x) {
        return Double.isFinite(x) ? x : null;
    }
}

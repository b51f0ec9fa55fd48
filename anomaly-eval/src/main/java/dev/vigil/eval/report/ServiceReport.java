package dev.vigil.eval.report;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML report of a runner's output: collects the output series the service writes ({@code y},
 * {@code yhat}, {@code yhat_lower}, {@code yhat_upper}, {@code anomaly_score}) per (scheduler, model,
 * query, input series) and renders them with {@link HtmlReport#page}: an overview table of every
 * series (most anomalous first), then a plot and a summary per series.
 *
 * <p>Bounds: each series keeps its newest {@code maxPoints} points per output (older ones are dropped
 * from the report only); at most {@code maxSections} series get a plot (the highest maximum
 * {@code anomaly_score} first), the others are listed in the overview. Points that repeat a timestamp
 * replace the earlier value. Rendering is O(points log points).
 *
 * <p>Thread-safe: {@link #add} and {@link #write} may be called from any thread.
 */
public final class ServiceReport {

    /** Default points kept per series and output. */
    public static final int DEFAULT_MAX_POINTS = 200_000;
    /** Default number of series with a plot. */
    public static final int DEFAULT_MAX_SECTIONS = 100;

    private record Key(String scheduler, String model, String query, Labels labels) {
    }

    /** Points of one output of one series, in arrival order (usually time order). */
    private static final class Column {
        long[] t = new long[64];
        double[] v = new double[64];
        int n;

        void add(long time, double value, int max) {
            if (n == t.length) {
                if (n >= 2 * max) {
                    // Keep the newest max points (amortised O(1) per point).
                    System.arraycopy(t, n - max, t, 0, max);
                    System.arraycopy(v, n - max, v, 0, max);
                    n = max;
                } else {
                    t = Arrays.copyOf(t, Math.min(2 * n, 2 * max));
                    v = Arrays.copyOf(v, Math.min(2 * n, 2 * max));
                }
            }
            t[n] = time;
            v[n++] = value;
        }
    }

    private final Path path;
    private final String title;
    private final Map<String, String> overview;
    private final int maxPoints;
    private final int maxSections;
    private final Map<Key, Map<String, Column>> data = new LinkedHashMap<>();
    private volatile Map<String, long[]> labelled;

    /**
     * A report written to {@code path}.
     *
     * @param overview rows shown under the heading (e.g. the scores file), in order
     */
    public ServiceReport(Path path, String title, Map<String, String> overview, int maxPoints, int maxSections) {
        if (maxPoints < 1 || maxSections < 0) {
            throw new IllegalArgumentException("maxPoints must be >= 1 and maxSections >= 0, got " + maxPoints + ", "
                    + maxSections);
        }
        this.path = path;
        this.title = title;
        this.overview = new LinkedHashMap<>(overview);
        this.maxPoints = maxPoints;
        this.maxSections = maxSections;
    }

    /**
     * Labelled windows to shade, in the form of NAB's {@code combined_windows.json} read by
     * {@code NabCorpus.readWindows}: a key's inclusive {@code [start, end]} epoch-ms
     * pairs apply to the series whose query key, metric name or full labels text ({@code name{k="v"}})
     * equals the key (the first of these that is a key wins). Series without a matching key are shown
     * without windows and count no hits. {@code null} or empty: no labels.
     */
    public void labelledWindows(Map<String, long[]> windows) {
        this.labelled = windows == null || windows.isEmpty() ? null : Map.copyOf(windows);
    }

    /**
     * Adds one output series ({@code variable} is the output's name, e.g. {@code yhat}) of the
     * job (scheduler, model, query) for the input series {@code s.labels()}; outputs other than
     * the five standard ones are ignored.
     */
    public synchronized void add(String scheduler, String model, String query, String variable, Series s) {
        if (!Columns.STANDARD.contains(variable)) {
            return;
        }
        Key k = new Key(String.valueOf(scheduler), String.valueOf(model), query, s.labels());
        Column c = data.computeIfAbsent(k, x -> new LinkedHashMap<>()).computeIfAbsent(variable, x -> new Column());
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (!Double.isNaN(v)) {
                c.add(s.timestamp(i), v, maxPoints);
            }
        }
    }

    /** Renders the page. */
    String render() {
        List<HtmlReport.Builder> all = new ArrayList<>();
        List<ScoreSummary> summaries = new ArrayList<>();
        Map<String, long[]> windows = labelled;
        synchronized (this) {
            List<Key> keys = new ArrayList<>(data.keySet());
            List<String> names = SeriesNames.of(keys.stream().map(Key::labels).toList());
            boolean schedulers = keys.stream().map(Key::scheduler).distinct().count() > 1;
            for (int i = 0; i < keys.size(); i++) {
                Key k = keys.get(i);
                HtmlReport.Builder b = HtmlReport.builder(prediction(k.labels(), data.get(k)))
                        .title(names.get(i) + " \u2014 query " + k.query() + ", model " + k.model()
                                + (schedulers ? ", scheduler " + k.scheduler() : ""))
                        .row("query_key", k.query()).row("model_alias", k.model()).row("scheduler_alias", k.scheduler())
                        .row("input series", k.labels().toString());
                if (windows != null) {
                    long[] w = windowsOf(windows, k);
                    if (w != null) {
                        b.windows("labelled window", HtmlReport.Window.ofPairs(w));
                    }
                }
                all.add(b);
                summaries.add(b.summary());
            }
        }
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Most anomalous first; series without a score last; ties keep first-seen order.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> {
            double m = summaries.get(i).maxScore();
            return Double.isNaN(m) ? Double.POSITIVE_INFINITY : -m;
        }));
        List<HtmlReport.Builder> sections = new ArrayList<>();
        List<Map.Entry<String, ScoreSummary>> omitted = new ArrayList<>();
        for (Integer i : order) {
            if (sections.size() < maxSections) {
                sections.add(all.get(i));
            } else {
                omitted.add(Map.entry(all.get(i).title(), summaries.get(i)));
            }
        }
        Map<String, String> rows = new LinkedHashMap<>(overview);
        rows.put("series", all.size() + (omitted.isEmpty() ? "" : " (" + sections.size() + " plotted, the most anomalous)"));
        String note = all.isEmpty() ? "No output yet: the report is refreshed after jobs and when the runner stops."
                : "Times in UTC. Series are ordered by their maximum anomaly_score; each plot keeps the minimum and"
                + " maximum of each pixel column and marks every point with anomaly_score > 1.";
        return HtmlReport.page(title, note, rows, sections, omitted);
    }

    /**
     * Renders and writes the page atomically (a temporary file {@code .NAME.tmp} in the same
     * directory, then a move), so a reader never sees half a page. Not for two writers of one path.
     *
     * @throws IOException naming the report path when it cannot be written
     */
    public void write() throws IOException {
        String html = render();
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
            try {
                Files.writeString(tmp, html, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the HTML report " + path + ": " + e, e);
        }
    }

    private static long[] windowsOf(Map<String, long[]> windows, Key k) {
        for (String name : new String[] {k.query(), k.labels().name(), k.labels().toString()}) {
            long[] w = windows.get(name);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    /** The columns of one series on the sorted union of their timestamps (a repeated timestamp: last wins). */
    private Prediction prediction(Labels labels, Map<String, Column> cols) {
        int total = 0;
        for (Column c : cols.values()) {
            total += Math.min(c.n, maxPoints);
        }
        long[] all = new long[total];
        int k = 0;
        for (Column c : cols.values()) {
            int from = Math.max(0, c.n - maxPoints);
            System.arraycopy(c.t, from, all, k, c.n - from);
            k += c.n - from;
        }
        Arrays.sort(all);
        int u = 0;
        for (int i = 0; i < all.length; i++) {
            if (u == 0 || all[i] != all[u - 1]) {
                all[u++] = all[i];
            }
        }
        long[] ts = Arrays.copyOf(all, u);
        Prediction.Builder b = Prediction.builder(labels, ts);
        for (Map.Entry<String, Column> e : cols.entrySet()) {
            double[] dst = switch (e.getKey()) {
                case Columns.Y -> b.y();
                case Columns.YHAT -> b.yhat();
                case Columns.YHAT_LOWER -> b.yhatLower();
                case Columns.YHAT_UPPER -> b.yhatUpper();
                default -> b.anomalyScore();
            };
            Column c = e.getValue();
            for (int i = Math.max(0, c.n - maxPoints); i < c.n; i++) {
                dst[Arrays.binarySearch(ts, c.t[i])] = c.v[i];
            }
        }
        return b.build();
    }
}

package dev.vigil.benchmarks.runner;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.AnomalyService;
import dev.vigil.benchmarks.vm.LocalVictoriaMetrics;
import dev.vigil.benchmarks.vm.Payloads;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.ReaderConfig;
import dev.vigil.vm.VmReader;
import dev.vigil.vm.VmWriter;
import dev.vigil.vm.WriteResult;
import dev.vigil.vm.WriterConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runner's cycle against the real VictoriaMetrics (target: at most 1.3x the client alone): starts Debian's
 * {@code victoria-metrics} on 127.0.0.1 (free port, temporary storage), imports {@code S} series of
 * {@code P} points at 1 min (default 10 000 x 60, one hour), then, {@code R} times (default 5),
 * alternating which goes first:
 * <ul>
 *   <li>(a) the client alone: {@link VmReader} reads the range with the runner's reader settings and
 *       {@link VmWriter} writes exactly the output series the runner wrote (captured in a warm-up cycle:
 *       {@code anomaly_score, y, yhat, yhat_lower, yhat_upper} per input series);</li>
 *   <li>(b) one runner cycle: {@link AnomalyService#runJob} of an inference job over the same range
 *       (read through the runner's reader, {@code zscore_online} on every series with fresh state, write
 *       through the runner's writer), built from a vmanomaly YAML config.</li>
 * </ul>
 * Prints wall time and the JVM's CPU time (all threads; VictoriaMetrics is another process) of each and
 * the ratios b/a, per repetition and as medians.
 *
 * <p>Run: {@code java -Xmx3g -jar benchmarks-runner/target/benchmarks-runner.jar [series] [points]
 * [repetitions] [n_workers]}, or {@code benchmarks/scripts/runner/cycle.sh}.
 */
public final class RunnerCycle {

    private static final long T0 = Payloads.T0;
    private static final String METRIC = "cycle_in";

    private RunnerCycle() {
    }

    public static void main(String[] args) throws Exception {
        int nSeries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int nPoints = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        try (LocalVictoriaMetrics vm = LocalVictoriaMetrics.start("vigil-cycle-")) {
            run(vm.url(), nSeries, nPoints, reps, workers);
        }
    }

    private static void run(String url, int nSeries, int nPoints, int reps, int workers) throws Exception {
        Instant start = Instant.ofEpochMilli(T0);
        Instant end = Instant.ofEpochMilli(T0 + (nPoints - 1) * 60_000L);
        importInput(url, nSeries, nPoints);

        RunnerConfig config = RunnerConfigs.parse(String.join("\n",
                "schedulers:",
                "  s: {class: periodic, infer_every: 1h, fit_every: 1d, fit_window: 1d}",
                "models:",
                "  z: {class: zscore_online, z_threshold: 3.0,"
                        + " provide_series: [anomaly_score, y, yhat, yhat_lower, yhat_upper]}",
                "reader:",
                "  class: vm",
                "  datasource_url: " + url,
                "  sampling_period: 1m",
                "  timeout: 120s",
                "  queries: {cycle: {expr: '" + METRIC + "', max_points_per_query: 100000}}",
                "writer: {class: vm, datasource_url: " + url + ", timeout: 120s}",
                "settings: {n_workers: " + workers + "}",
                ""), "cycle.yml", Map.of(), ModelRegistry.standard());
        QueryConfig q = config.reader().queries().get("cycle");
        // An inference job over [start, end]: both sides read the same range; the runner infers on the
        // points after start (P - 1 per series), and the client writes exactly what the runner wrote.
        Job job = new Job(end, Job.Stage.INFER, null, null, start, end);

        // The client side uses the very settings the runner validated (same URL, timeouts, batching).
        ReaderConfig rc = config.reader().client();
        dev.vigil.vm.QueryConfig vq = q.client();
        WriterConfig wc = config.writer().client();

        System.out.printf(Locale.ROOT, "%d series x %d points (1 min), %d repetitions, n_workers %d; %s, %d cpus, load %s%n",
                nSeries, nPoints, reps, workers, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        try (SeriesReader reader = IoFactory.reader(config.reader());
             SeriesWriter writer = IoFactory.writer(config.writer());
             VmReader cr = VmReader.create(rc);
             VmWriter cw = VmWriter.create(wc)) {
            Capture capture = new Capture(writer);
            Counting counting = new Counting(reader);
            // Warm-up: one runner cycle (captures its output) and one client cycle.
            runnerCycle(config, counting, capture, job);
            List<OutputSeries> output = capture.last;
            long outPoints = output.stream().mapToLong(o -> o.series().finiteCount()).sum();
            long inPoints = clientCycle(cr, cw, vq, start, end, output);
            System.out.printf(Locale.ROOT, "per cycle: read %d points, write %d series / %d points%n", inPoints,
                    output.size(), outPoints);
            if (inPoints != (long) nSeries * nPoints || counting.points != inPoints) {
                throw new IllegalStateException("the client read " + inPoints + " points, the runner " + counting.points
                        + ", expected " + (long) nSeries * nPoints);
            }
            double[] wa = new double[reps];
            double[] wb = new double[reps];
            double[] ca = new double[reps];
            double[] cb = new double[reps];
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < 2; k++) {
                    boolean client = (r + k) % 2 == 0;
                    long c0 = cpu();
                    long t0 = System.nanoTime();
                    if (client) {
                        clientCycle(cr, cw, vq, start, end, output);
                    } else {
                        long n = runnerCycle(config, reader, capture, job);
                        if (n != outPoints) {
                            throw new IllegalStateException("the runner wrote " + n + " points, expected " + outPoints);
                        }
                    }
                    double w = (System.nanoTime() - t0) / 1e9;
                    double c = (cpu() - c0) / 1e9;
                    if (client) {
                        wa[r] = w;
                        ca[r] = c;
                    } else {
                        wb[r] = w;
                        cb[r] = c;
                    }
                }
                System.out.printf(Locale.ROOT, "rep %d: client %.3f s wall %.3f s CPU; runner %.3f s wall %.3f s CPU;"
                        + " ratio wall %.2f CPU %.2f%n", r + 1, wa[r], ca[r], wb[r], cb[r], wb[r] / wa[r], cb[r] / ca[r]);
            }
            System.out.printf(Locale.ROOT, "median: client %.3f s wall %.3f s CPU; runner %.3f s wall %.3f s CPU;"
                    + " ratio of medians wall %.2f CPU %.2f; load %s%n", median(wa), median(ca), median(wb), median(cb),
                    median(wb) / median(wa), median(cb) / median(ca), Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /** One runner cycle with fresh model state; returns the points written. */
    private static long runnerCycle(RunnerConfig config, SeriesReader reader, Capture writer, Job job) {
        RunnerMetrics metrics = new RunnerMetrics(new PrometheusRegistry(), "bench");
        try (AnomalyService service = new AnomalyService(config, reader, writer, new ManualTicker(job.at()), metrics,
                null)) {
            writer.points = 0;
            service.runJob("s", job);
            return writer.points;
        }
    }

    /** The client alone: read the range, write the given output; returns the points read. */
    private static long clientCycle(VmReader r, VmWriter w, dev.vigil.vm.QueryConfig q, Instant start, Instant end,
                                    List<OutputSeries> output) throws IOException {
        QueryResult res = r.read(q, start, end);
        WriteResult wr = w.write(output);
        if (wr.points() == 0) {
            throw new IllegalStateException("nothing written");
        }
        return res.points();
    }

    /** Passes reads through, counting the points of the last one. */
    private static final class Counting implements SeriesReader {
        private final SeriesReader delegate;
        volatile long points;

        Counting(SeriesReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            Result r = delegate.read(query, start, end, lastSeen);
            long n = 0;
            for (Series s : r.series()) {
                n += s.size();
            }
            points = n;
            return r;
        }

        @Override
        public String url() {
            return delegate.url();
        }
    }

    /** Passes writes through, keeping the last batch and counting points. */
    private static final class Capture implements SeriesWriter {
        private final SeriesWriter delegate;
        volatile List<OutputSeries> last;
        volatile long points;

        Capture(SeriesWriter delegate) {
            this.delegate = delegate;
        }

        @Override
        public Written write(List<OutputSeries> series) throws IOException {
            last = List.copyOf(series);
            Written w = delegate.write(series);
            points += w.points();
            return w;
        }

        @Override
        public String url() {
            return delegate.url();
        }
    }

    private static void importInput(String url, int nSeries, int nPoints) throws IOException {
        List<OutputSeries> in = new ArrayList<>(nSeries);
        for (Series s : Payloads.series(nSeries, nPoints, 7)) {
            in.add(new OutputSeries(METRIC, "input", null, null, s));
        }
        HttpSettings http = HttpSettings.builder(url).timeout(Duration.ofSeconds(300)).build();
        try (VmWriter w = VmWriter.create(WriterConfig.builder(http).metricFormat(Map.of("__name__", "$VAR")).build())) {
            w.write(in);
        }
        LocalVictoriaMetrics.flush(url);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

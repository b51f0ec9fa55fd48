package dev.vigil.benchmarks.runner;

import dev.vigil.benchmarks.vm.LocalVictoriaMetrics;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.AnomalyService;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.VmReader;
import dev.vigil.vm.VmWriter;
import dev.vigil.vm.WriterConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One machine at scale: a periodic fit cycle and several infer cycles of the runner ({@link AnomalyService#runJob})
 * for one model class over {@code S} series, next to the raw VictoriaMetrics read and write of the same data
 * ({@link VmReader} alone reading the same ranges, {@link VmWriter} alone writing the five output series per
 * input series the runner writes), against a running VictoriaMetrics.
 *
 * <p>Two modes, driven by {@code benchmarks/scripts/scale.sh} (which starts {@code victoria-metrics}):
 * <ul>
 *   <li>{@code import URL S POINTS}: imports {@code S} seeded random-walk series (five labels each) of
 *       {@code POINTS} one-minute points from {@link #T0}, 10 000 series per request, so the generator's
 *       memory stays bounded;</li>
 *   <li>{@code run URL MODEL_CLASS S FIT_POINTS INFER_POINTS}: the runner fits on the first
 *       {@code FIT_POINTS} points, then runs 1 + R infer cycles of {@code INFER_POINTS} each (R from
 *       {@code -Dscale.inferRepeats}, default 3): the first runs cold code and creates the output series,
 *       the median of the next R is the steady cycle the ratios use (with R = 0, the first cycle); then
 *       the client alone reads the same ranges and writes the equivalent output as often (the input's
 *       values as each output), R times more with the four model outputs as 17-digit numbers, as a
 *       model's are, and R times more with the values the runner wrote in its first next cycle (captured to
 *       a temporary file, each on the cycle's own timestamps): the same data as the runner writes. The import needs
 *       {@code FIT_POINTS + (1 + R) INFER_POINTS} points. The runner's {@code settings.n_workers} is
 *       {@code -Dscale.workers} (default 1, vmanomaly's default; 0 = all cores).</li>
 * </ul>
 * Prints per phase: wall time, the JVM's CPU time (all threads, JIT and GC included), points read + written
 * per CPU-second, peak resident memory of the phase ({@code VmHWM}, reset through {@code /proc/self/clear_refs}
 * before each phase), the 1-minute load average, the phase's start (to find it in a JFR recording) and the
 * CPU time of the JVM's JIT compiler and GC threads in it ({@link ThreadCpu}) and, with
 * {@code -Dscale.vmPid}, the CPU time of the victoria-metrics process meanwhile (its background merges
 * included); with
 * {@code -Dscale.fitRepeats=N}, the fit runs N more times (the last one is compared), as a long-running
 * runner's next periodic fits run, on compiled code; after the infer cycles, the heap the service retains per
 * series (after full collections, minus the heap before it); last, a {@code summary} line with the runner/raw
 * ratios ({@code -Dscale.raw=false} leaves the client out: one model's run of it serves the others;
 * {@code -Dscale.interleave=true} runs the client's fit read right after the runner's fit and each client
 * cycle right after the runner's cycle over the same range, so that both meet the same state of
 * victoria-metrics (its background merges) and of the machine, instead of all of the client's after). With
 * {@code -Dscale.modelArgs} adds to the model's arguments (e.g. {@code groupby: [cpu]} for a peer model, whose
 * query is then read whole and parked on disk, or held in memory with {@code -Dscale.spill=none}).
 * {@code -Dscale.maxPoints=N} (default 100 000: one request per read) sets the query's
 * {@code max_points_per_query}, so that a read longer than N points is split into chunks, and
 * {@code -Dscale.spill} where the runner parks them while a read lasts (default the JVM's temporary
 * directory; {@code none} holds them in memory), to compare the two. With
 * {@code -Dscale.idleSeconds=N}, it also waits N seconds and prints the resident memory before
 * and after the wait: what the JVM's ergonomics (e.g. G1's periodic collection) give back while the runner
 * idles.
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class ScaleCycle {

    /** First timestamp of the imported series (epoch ms). */
    static final long T0 = 1_700_000_000_000L;
    private static final String METRIC = "scale_in";
    private static final int IMPORT_BATCH = 10_000;
    /** {@code -Dscale.vmPid}: the victoria-metrics process, whose CPU time each phase also reports; 0: none. */
    private static final long VM_PID = Long.getLong("scale.vmPid", 0);

    private ScaleCycle() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("import")) {
            importSeries(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (args.length == 6 && args[0].equals("run")) {
            run(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        } else {
            System.err.println("usage: ScaleCycle import URL SERIES POINTS | run URL MODEL_CLASS SERIES FIT_POINTS"
                    + " INFER_POINTS");
            System.exit(2);
        }
    }

    private static void importSeries(String url, int nSeries, int nPoints) throws IOException {
        HttpSettings http = HttpSettings.builder(url).timeout(Duration.ofSeconds(600)).build();
        long t0 = System.nanoTime();
        try (VmWriter w = VmWriter.create(WriterConfig.builder(http).metricFormat(Map.of("__name__", "$VAR")).build())) {
            Random rnd = new Random(7);
            for (int from = 0; from < nSeries; from += IMPORT_BATCH) {
                List<OutputSeries> batch = new ArrayList<>(IMPORT_BATCH);
                for (int s = from; s < Math.min(nSeries, from + IMPORT_BATCH); s++) {
                    batch.add(new OutputSeries(METRIC, "input", null, null, walk(rnd, s, nPoints)));
                }
                w.write(batch);
            }
        }
        LocalVictoriaMetrics.flush(url);
        System.out.printf(Locale.ROOT, "imported %d series x %d points in %.1f s%n", nSeries, nPoints,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Series walk(Random rnd, int s, int nPoints) {
        long[] ts = new long[nPoints];
        double[] vs = new double[nPoints];
        double level = 100 * rnd.nextDouble();
        for (int i = 0; i < nPoints; i++) {
            ts[i] = T0 + i * 60_000L;
            level += rnd.nextGaussian();
            vs[i] = Math.round(level * 1000) / 1000.0; // a few decimals, as most metrics carry
        }
        return Series.of(Labels.of("__name__", "node_cpu_seconds_total", "instance", "host-" + s + ":9100",
                "job", "node", "mode", s % 2 == 0 ? "idle" : "user", "cpu", Integer.toString(s % 16)), ts, vs);
    }

    private static void run(String url, String modelClass, int nSeries, int fitPoints, int inferPoints)
            throws Exception {
        Instant fitStart = Instant.ofEpochMilli(T0);
        Instant fitEnd = minute(fitPoints - 1);
        // Two infer cycles: the first one after the fit (cold code paths, creates the output series), the
        // second one as every later cycle runs (compiled code, appends to existing series).
        int repeats = Integer.getInteger("scale.inferRepeats", 3);
        Instant[] inferEnd = new Instant[repeats + 1];
        for (int i = 0; i <= repeats; i++) {
            inferEnd[i] = minute(fitPoints + (i + 1) * inferPoints - 1);
        }
        RunnerConfig config = RunnerConfigs.parse(String.join("\n",
                "schedulers:",
                "  s: {class: periodic, infer_every: 1h, fit_every: 1d, fit_window: 1d}",
                "models:",
                "  m: {class: " + modelClass + ", provide_series: [anomaly_score, y, yhat, yhat_lower, yhat_upper]"
                        + (System.getProperty("scale.modelArgs", "").isBlank() ? ""
                        : ", " + System.getProperty("scale.modelArgs")) + "}",
                "reader:",
                "  class: vm",
                "  datasource_url: " + url,
                "  sampling_period: 1m",
                "  timeout: 600s",
                "  queries: {scale: {expr: '" + METRIC + "', max_points_per_query: "
                        + Integer.getInteger("scale.maxPoints", 100_000) + "}}",
                "writer: {class: vm, datasource_url: " + url + ", timeout: 600s}",
                "settings: {n_workers: " + Integer.getInteger("scale.workers", 1) + "}",
                ""), "scale.yml", Map.of(), ModelRegistry.standard());
        String spill = System.getProperty("scale.spill", "");
        if (!spill.isEmpty()) {
            config = config.withReader(config.reader().withSpillDir(spill.equals("none") ? null : Path.of(spill)));
        }
        System.out.printf(Locale.ROOT, "%s: %d series, fit %d points, infer %d x %d points (1 min); %s, %d cpus,"
                + " max heap %d MB, n_workers %d, load %s%n", modelClass, nSeries, fitPoints, repeats + 1, inferPoints,
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                config.settings().nWorkers(), load());
        dev.vigil.vm.ReaderConfig readerClient = config.reader().client();
        System.out.printf(Locale.ROOT, "reads split above %d points per series; chunks parked in %s%n",
                config.reader().queries().get("scale").client().maxPointsPerQuery(),
                readerClient.spillDir() == null ? "memory" : readerClient.spillDir());
        boolean raw = Boolean.parseBoolean(System.getProperty("scale.raw", "true"));
        // With scale.interleave, each client cycle right after the runner's (the same state of
        // victoria-metrics and of the machine for both); else all of them after the runner's.
        boolean interleave = Boolean.getBoolean("scale.interleave");
        // The values the runner writes in its first next cycle, for the client to write the same data
        Path captured = Files.createTempFile("vigil-scale-outputs-", ".bin");
        captured.toFile().deleteOnExit();
        Client client = raw ? new Client(config, repeats, captured) : null;
        Client beside = interleave ? client : null;
        long heap0 = StateFootprint.usedHeap();
        Result fit;
        Result infer;
        double heapPerSeries;
        try (SeriesReader reader = IoFactory.reader(config.reader());
             SeriesWriter writer = IoFactory.writer(config.writer())) {
            CapturingWriter counting = new CapturingWriter(writer);
            ReadCounting rc = new ReadCounting(reader);
            RunnerMetrics metrics = new RunnerMetrics(new PrometheusRegistry(), "bench");
            try (AnomalyService service = new AnomalyService(config, rc, counting, new ManualTicker(inferEnd[repeats]),
                    metrics, null)) {
                Phase p = Phase.start();
                service.runJob("s", new Job(fitEnd, Job.Stage.FIT, fitStart, fitEnd, null, null));
                fit = p.end("runner fit", rc.take(), counting.take());
                for (int i = 0, n = Integer.getInteger("scale.fitRepeats", 0); i < n; i++) {
                    // The same fit again, as a long-running runner's next periodic fit runs: compiled code.
                    p = Phase.start();
                    service.runJob("s", new Job(fitEnd, Job.Stage.FIT, fitStart, fitEnd, null, null));
                    fit = p.end("runner fit, next", rc.take(), counting.take());
                }
                if (beside != null) {
                    beside.fit(fitStart, fitEnd);
                }
                Result[] next = new Result[repeats];
                Result first = null;
                for (int i = 0; i <= repeats; i++) {
                    Instant from = i == 0 ? fitEnd : inferEnd[i - 1];
                    if (i == 1 && raw) {
                        counting.capture(captured);
                    }
                    if (beside != null) {
                        // As before each of the client's phases: the collector does not carry the last
                        // phase's garbage (here the client's) into this one.
                        StateFootprint.usedHeap();
                    }
                    p = Phase.start();
                    service.runJob("s", new Job(inferEnd[i], Job.Stage.INFER, null, null, from, inferEnd[i]));
                    counting.capture(null);
                    Result r = p.end(i == 0 ? "runner infer, first" : "runner infer, next", rc.take(),
                            counting.take());
                    if (i > 0) {
                        next[i - 1] = r;
                    } else {
                        first = r;
                    }
                    if (beside != null) {
                        beside.cycle(i, from, inferEnd[i]);
                    }
                }
                if (beside != null) {
                    beside.forget();
                }
                // With no repeats (a million series in a time box), the first, cold cycle is the one compared.
                infer = repeats == 0 ? first : Result.median(next);
                infer.print("runner infer, median");
                if (infer.written() == 0) {
                    throw new IllegalStateException("the runner wrote nothing");
                }
                idle();
                long heap = StateFootprint.usedHeap() - heap0;
                heapPerSeries = (double) heap / nSeries;
                System.out.printf(Locale.ROOT, "heap retained by the service: %.1f MB, %.0f B/series%n", heap / 1e6,
                        heapPerSeries);
            }
        }
        if (client == null) {
            // The client's figures do not depend on the model: one model's run of them can serve the others.
            System.out.printf(Locale.ROOT, "summary %s %d series: fit %.2f M, infer %.2f M points/CPU-s; %.0f B"
                    + " heap/series (client not run)%n", modelClass, nSeries, fit.pointsPerCpuSecond() / 1e6,
                    infer.pointsPerCpuSecond() / 1e6, heapPerSeries);
            return;
        }
        Result[] c;
        try (client) {
            if (!interleave) {
                client.fit(fitStart, fitEnd);
                for (int i = 0; i <= repeats; i++) {
                    client.cycle(i, i == 0 ? fitEnd : inferEnd[i - 1], inferEnd[i]);
                }
            }
            c = client.results();
        }
        Files.deleteIfExists(captured);
        System.out.printf(Locale.ROOT, "summary %s %d series: fit %.2f x raw CPU (%.2f x wall), infer %.2f x raw CPU"
                        + " (%.2f x wall), %.2f x raw with 17 digits CPU (%.2f x wall), %.2f x raw with the runner's"
                        + " values CPU (%.2f x wall); fit %.2f M, infer %.2f M points/CPU-s; %.0f B heap/series%n",
                modelClass, nSeries, fit.cpu() / c[0].cpu(), fit.wall() / c[0].wall(),
                infer.cpu() / c[1].cpu(), infer.wall() / c[1].wall(), infer.cpu() / c[2].cpu(),
                infer.wall() / c[2].wall(), infer.cpu() / c[3].cpu(), infer.wall() / c[3].wall(),
                fit.pointsPerCpuSecond() / 1e6, infer.pointsPerCpuSecond() / 1e6, heapPerSeries);
    }

    /**
     * The client alone: the fit read, and the infer cycles' reads each with a write of five output series
     * per input series. The first write creates those series in VictoriaMetrics (another model_alias than the
     * runner's), the next ones append to them, as the runner's infer cycles did: creating a series costs
     * VictoriaMetrics far more than appending to one. Each next cycle's read + write is done three times:
     * with the input's values as every output, with the four model outputs as 17-digit numbers, and with the
     * values the runner wrote in its first next cycle ({@code captured}; each on this cycle's timestamps): the
     * same data as the runner's. Not thread-safe.
     */
    private static final class Client implements AutoCloseable {
        private final dev.vigil.vm.QueryConfig vq;
        private final VmReader cr;
        private final VmWriter cw;
        private final Path captured;
        private final Result[] next;
        private final Result[] digits;
        private final Result[] same;
        private Map<Labels, double[][]> values;
        private Result fit;
        private Result first;

        Client(RunnerConfig config, int repeats, Path captured) {
            this.vq = config.reader().queries().get("scale").client();
            this.cr = VmReader.create(config.reader().client());
            this.cw = VmWriter.create(config.writer().client());
            this.captured = captured;
            next = new Result[repeats];
            digits = new Result[repeats];
            same = new Result[repeats];
        }

        void fit(Instant from, Instant to) throws Exception {
            StateFootprint.usedHeap();
            Phase p = Phase.start();
            fit = p.end("raw read (fit range)", cr.read(vq, from, to).points(), 0);
        }

        /** Cycle {@code i} over {@code (after, end]}: the first, or a next one in its three forms. */
        void cycle(int i, Instant after, Instant end) throws Exception {
            if (i == 0) {
                first = rawInfer(cr, cw, vq, after, end, "first", null);
                return;
            }
            next[i - 1] = rawInfer(cr, cw, vq, after, end, "next", null);
            // The runner's scores and predictions are full-precision doubles (about 17 digits each to encode),
            // the input's values a few decimals: the same read and write again with such numbers.
            digits[i - 1] = rawInfer(cr, cw, vq, after, end, "17 digits", null);
            if (values == null) {
                values = CapturingWriter.load(captured);
            }
            same[i - 1] = rawInfer(cr, cw, vq, after, end, "runner's values", values);
        }

        /** Drops the runner's values (before the heap the service retains is measured). */
        void forget() {
            values = null;
        }

        /** The fit read and the medians of the next cycles (input's values, 17 digits, the runner's values). */
        Result[] results() {
            if (next.length == 0) {
                return new Result[] {fit, first, first, first};
            }
            Result[] r = {fit, Result.median(next), Result.median(digits), Result.median(same)};
            r[1].print("raw read + write, median");
            r[2].print("raw, 17 digits, median");
            r[3].print("raw, runner's values, median");
            return r;
        }

        @Override
        public void close() {
            cr.close();
            cw.close();
        }
    }

    /** With {@code values}, each output takes the runner's values of its name and input series (if it has them). */
    private static Result rawInfer(VmReader cr, VmWriter cw, dev.vigil.vm.QueryConfig vq, Instant after, Instant end,
            String which, Map<Labels, double[][]> values) throws Exception {
        StateFootprint.usedHeap();
        Phase p = Phase.start();
        QueryResult r = cr.read(vq, after.plusMillis(1), end);
        boolean digits17 = which.equals("17 digits");
        List<OutputSeries> out = new ArrayList<>(r.series().size() * 5);
        for (Series s : r.series().values()) {
            // one lookup per input series (the labels' hash is cached), so the runner's values cost the
            // client next to nothing to find
            double[][] vs = values == null ? null : values.get(s.labels());
            if (values != null && vs == null) {
                throw new IllegalStateException("no captured runner values for " + s.labels());
            }
            for (int k = 0; k < CapturingWriter.OUTPUTS.size(); k++) {
                String name = CapturingWriter.OUTPUTS.get(k);
                double[] v = vs == null ? null : vs[k];
                Series o = v != null && v.length == s.size() ? Series.ofOwned(s.labels(), s.timestamps(), v)
                        : digits17 && !name.equals("y") ? thirds(s) : s;
                out.add(new OutputSeries(name, "scale", "raw", "s", o));
            }
        }
        long n = cw.write(out).points();
        return p.end("raw read + write, " + which, r.points(), n);
    }

    /** {@code s} with every value divided by 3: numbers of 16-17 significant digits, as a model's outputs. */
    private static Series thirds(Series s) {
        double[] v = s.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] /= 3;
        }
        return Series.ofOwned(s.labels(), s.timestamps(), v);
    }

    private static Instant minute(int index) {
        return Instant.ofEpochMilli(T0 + index * 60_000L);
    }

    /** With {@code -Dscale.idleSeconds=N}: the resident memory before and after N idle seconds. */
    private static void idle() throws Exception {
        long idle = Long.getLong("scale.idleSeconds", 0);
        if (idle > 0) {
            // No explicit collection: what the JVM's own ergonomics return to the OS while idle.
            long before = statusKb("VmRSS:");
            Thread.sleep(idle * 1000);
            System.out.printf(Locale.ROOT, "resident memory after the cycles %,d MB, after %d s idle %,d MB%n",
                    before >> 10, idle, statusKb("VmRSS:") >> 10);
        }
    }

    /** What one phase measured: seconds of wall and CPU time, points read and written. */
    private record Result(double wall, double cpu, long read, long written) {

        double pointsPerCpuSecond() {
            return (read + written) / cpu;
        }

        /** The median wall and the median CPU time (each on its own) of repetitions of one phase. */
        static Result median(Result[] rs) {
            double[] wall = new double[rs.length];
            double[] cpu = new double[rs.length];
            for (int i = 0; i < rs.length; i++) {
                wall[i] = rs[i].wall();
                cpu[i] = rs[i].cpu();
            }
            return new Result(median(wall), median(cpu), rs[0].read(), rs[0].written());
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            java.util.Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        void print(String what) {
            System.out.printf(Locale.ROOT, "%-26s %8.2f s wall %8.2f s CPU  %.2f M points/CPU-s%n", what, wall, cpu,
                    pointsPerCpuSecond() / 1e6);
        }
    }

    /** Wall time, CPU time and peak RSS of one phase. */
    private record Phase(long wall0, long cpu0, Instant at, long[] threads0, long vm0) {

        static Phase start() throws IOException {
            // "5" resets the peak resident set size (VmHWM) of the process to its current RSS.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return new Phase(System.nanoTime(), cpu(), Instant.now(), ThreadCpu.byKind(), ThreadCpu.ofProcess(VM_PID));
        }

        Result end(String what, long pointsRead, long pointsWritten) throws IOException {
            Result r = new Result((System.nanoTime() - wall0) / 1e9, (cpu() - cpu0) / 1e9, pointsRead,
                    pointsWritten);
            long[] threads = ThreadCpu.byKind();
            System.out.printf(Locale.ROOT, "%-26s %8.2f s wall %8.2f s CPU  read %,d written %,d points  %.2f M"
                    + " points/CPU-s  peak RSS %,d MB  load %s  from %s  (JIT %.2f s, GC %.2f s CPU)%n", what,
                    r.wall(), r.cpu(), pointsRead, pointsWritten, r.pointsPerCpuSecond() / 1e6, hwmKb() >> 10,
                    load(), at, ThreadCpu.seconds(threads[0] - threads0[0]),
                    ThreadCpu.seconds(threads[1] - threads0[1]));
            if (vm0 >= 0) {
                System.out.printf(Locale.ROOT, "%-26s %8.2f s CPU of victoria-metrics%n", "", ThreadCpu.seconds(
                        ThreadCpu.ofProcess(VM_PID) - vm0));
            }
            return r;
        }
    }

    private static long hwmKb() throws IOException {
        return statusKb("VmHWM:");
    }

    private static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Passes reads through, counting the points read since the last {@link #take()}; streams when the real
     * reader streams, so that the runner reads as it does in production (before this class passed streamed
     * reads on, every cycle measured here read its query whole).
     */
    private static final class ReadCounting implements SeriesReader {
        private final SeriesReader delegate;
        private long points;

        ReadCounting(SeriesReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen)
                throws IOException {
            Result r = delegate.read(query, start, end, lastSeen);
            for (Series s : r.series()) {
                points += s.size();
            }
            return r;
        }

        /** Streams as the real reader does (as the runner reads), counting what it hands on. */
        @Override
        public boolean streams() {
            return delegate.streams();
        }

        @Override
        public Result stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen,
                             java.util.function.Consumer<Series> sink) throws IOException {
            return delegate.stream(query, start, end, lastSeen, s -> {
                synchronized (this) {
                    points += s.size();
                }
                sink.accept(s);
            });
        }

        synchronized long take() {
            long p = points;
            points = 0;
            return p;
        }

        @Override
        public String url() {
            return delegate.url();
        }
    }
}

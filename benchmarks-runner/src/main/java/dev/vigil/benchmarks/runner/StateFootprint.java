package dev.vigil.benchmarks.runner;

import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.AnomalyService;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The memory and disk cost of model state, per model class, for {@code S} series (default 100 000):
 * <ol>
 *   <li><b>heap per series</b>, models in the heap vs on-disk mode: an {@link AnomalyService} (the
 *       runner's real job path, a periodic scheduler, no {@code restore_state}) runs one fit-and-infer
 *       job over {@code S} series of {@code P} points (default 60, one a minute; values from a seeded
 *       random walk), without and with a store under a temporary {@code VMANOMALY_MODEL_DUMPS_DIR};
 *       the heap in use (MemoryMXBean after repeated {@code System.gc()}) is measured before the
 *       service is built, after the job, and once the service is closed and unreachable; the service's
 *       heap is the second minus the lower of the other two;</li>
 *   <li><b>save and load</b> through {@link StateStore} of the same {@code S} fitted models (the
 *       {@code restore_state} path: {@code write} with {@code fsync} and atomic rename; {@code headers}
 *       then {@code load}), against the named peer "raw file": writing the same bytes to a file with
 *       {@code fsync}, and reading them back with {@code Files.readAllBytes}. Medians of {@code R}
 *       repetitions (default 5).</li>
 * </ol>
 * Prints one line per figure. Run: {@code java -Xmx6g -XX:+UseSerialGC -cp
 * benchmarks-runner/target/benchmarks-runner.jar dev.vigil.benchmarks.runner.StateFootprint [series]
 * [points] [repetitions] [model classes...]}, or {@code benchmarks/scripts/runner/state-footprint.sh}.
 * Single-threaded; seeded; the temporary directory is deleted at the end.
 */
public final class StateFootprint {

    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private StateFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int nSeries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int nPoints = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> models = args.length > 3 ? Arrays.asList(args).subList(3, args.length)
                : List.of("zscore_online", "quantile_online");
        System.out.printf(Locale.ROOT, "series=%d points=%d repetitions=%d java=%s maxHeap=%dMB%n", nSeries, nPoints,
                reps, System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        Path tmp = Files.createTempDirectory("vigil-state-footprint-");
        try {
            for (String m : models) {
                RunnerConfig config = config(m);
                long inHeap = heapPerService(config, nSeries, nPoints, null);
                long onDisk = heapPerService(config, nSeries, nPoints, tmp.resolve(m + "-dumps"));
                System.out.printf(Locale.ROOT, "%s heap: models in heap %.0f B/series, on-disk mode %.0f B/series"
                        + " (%.1fx less)%n", m, (double) inHeap / nSeries, (double) onDisk / nSeries,
                        (double) inHeap / Math.max(1, onDisk));
                saveAndLoad(config, nSeries, nPoints, reps, tmp.resolve(m + "-state"));
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** A one-scheduler, one-model, one-query configuration of model class {@code model}. */
    static RunnerConfig config(String model) throws Exception {
        String yaml = String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1h}",
                "models:",
                "  m: {class: " + model + ", queries: [q], schedulers: [p], provide_series: [anomaly_score]}",
                "reader:",
                "  datasource_url: http://127.0.0.1:1",
                "  sampling_period: 1m",
                "  queries:",
                "    q: 'footprint'",
                "writer:",
                "  datasource_url: http://127.0.0.1:1",
                "");
        return RunnerConfigs.parse(yaml, "footprint.yml", Map.of(), ModelRegistry.standard());
    }

    /** Series {@code i}: a seeded random walk of {@code n} points, one a minute from {@link #T0}. */
    static Series series(int i, int n) {
        SplittableRandom r = new SplittableRandom(31L * i + 7);
        long[] ts = new long[n];
        double[] vs = new double[n];
        double v = 100;
        for (int k = 0; k < n; k++) {
            ts[k] = T0 + k * MINUTE;
            v += r.nextGaussian();
            vs[k] = v;
        }
        return Series.of(Labels.of("__name__", "footprint", "instance", "host-" + i, "job", "node"), ts, vs);
    }

    /**
     * The heap a service retains after one fit-and-infer job over {@code nSeries} series: models in the
     * heap ({@code dumps == null}) or in on-disk mode under {@code dumps}.
     */
    static long heapPerService(RunnerConfig config, int nSeries, int nPoints, Path dumps) throws Exception {
        long before = usedHeap();
        Instant end = Instant.ofEpochMilli(T0 + (nPoints - 1) * MINUTE);
        ManualTicker ticker = new ManualTicker(end);
        StateStore store = dumps == null ? null : StateStore.in(dumps, ModelRegistry.standard());
        SeriesReader reader = new SeriesReader() {
            @Override
            public Result read(QueryConfig q, Instant start, Instant to, Map<Labels, Long> lastSeen) {
                List<Series> out = new ArrayList<>(nSeries);
                for (int i = 0; i < nSeries; i++) {
                    out.add(series(i, nPoints));
                }
                return new Result(out, 0, 0);
            }

            @Override
            public String url() {
                return "generated://footprint";
            }
        };
        SeriesWriter discard = new SeriesWriter() {
            @Override
            public Written write(List<OutputSeries> series) {
                return new Written(series.size(), 0, 0);
            }

            @Override
            public String url() {
                return "discard://";
            }
        };
        AnomalyService service = new AnomalyService(config, reader, discard, ticker,
                new RunnerMetrics(new PrometheusRegistry(), "footprint"), null, store);
        Instant mid = Instant.ofEpochMilli(T0 + (nPoints / 2) * MINUTE);
        service.runJob("p", new Job(end, Job.Stage.FIT_INFER, Instant.ofEpochMilli(T0), end, mid, end));
        long withService = usedHeap();
        if (dumps != null) {
            long bytes;
            try (Stream<Path> files = Files.list(store.dumps().dir())) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf(Locale.ROOT, "%s on-disk mode: dump files %.1f MB (%.0f B/series)%n",
                    config.models().get("m").modelClass(), bytes / 1e6, (double) bytes / nSeries);
        }
        Reference.reachabilityFence(service);
        service.close();
        service = null;
        Thread.sleep(500); // the worker threads end and drop their last task
        long after = usedHeap();
        System.out.printf(Locale.ROOT, "%s %s: heap in use before the service %.1f MB, with it %.1f MB, after it %.1f MB%n",
                config.models().get("m").modelClass(), dumps == null ? "models in heap" : "on-disk mode", before / 1e6,
                withService / 1e6, after / 1e6);
        // Either baseline can only be too high (the "before" one by what earlier measurements left, the
        // "after" one by what the run left outside the service), so the lower one is the better one.
        return withService - Math.min(before, after);
    }

    /** StateStore save/load of {@code nSeries} fitted models vs the raw file peer, medians of {@code reps}. */
    static void saveAndLoad(RunnerConfig config, int nSeries, int nPoints, int reps, Path dir) throws Exception {
        ModelSpec spec = config.models().get("m").specs().get("q");
        List<StateStore.Entry> entries = new ArrayList<>(nSeries);
        for (int i = 0; i < nSeries; i++) {
            Series s = series(i, nPoints);
            FittedModel model = spec.fit(s);
            entries.add(new StateStore.Entry(s.labels(), model, s.lastTimestamp()));
        }
        StateStore store = new StateStore(dir, ModelRegistry.standard());
        Combination c = new Combination("p", "m", "q");
        double[] save = new double[reps];
        double[] load = new double[reps];
        double[] rawWrite = new double[reps];
        double[] rawRead = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            store.write(c, "signature", T0, entries);
            save[r] = (System.nanoTime() - t0) / 1e9;
        }
        // The loads run without the saved models in the heap, as at a start.
        entries.clear();
        usedHeap();
        Path raw = dir.resolve("raw.bin");
        StateStore.Header h = store.headers().get(0);
        byte[] bytes = Files.readAllBytes(h.file());
        long size = bytes.length;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            int loaded = store.load(store.headers().get(0), spec).size();
            load[r] = (System.nanoTime() - t0) / 1e9;
            if (loaded != nSeries) {
                throw new IllegalStateException("loaded " + loaded + " series, wrote " + nSeries);
            }
            usedHeap();
            t0 = System.nanoTime();
            try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bb = ByteBuffer.wrap(bytes);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                ch.force(true);
            }
            rawWrite[r] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            if (Files.readAllBytes(raw).length != bytes.length) {
                throw new IllegalStateException("raw read short");
            }
            rawRead[r] = (System.nanoTime() - t0) / 1e9;
        }
        String m = config.models().get("m").modelClass();
        System.out.printf(Locale.ROOT, "%s state file: %.1f MB (%.0f B/series)%n", m, size / 1e6,
                (double) size / nSeries);
        System.out.printf(Locale.ROOT, "%s save: StateStore %.3f s, raw file write+fsync %.3f s (%.1fx)%n", m,
                median(save), median(rawWrite), median(save) / median(rawWrite));
        System.out.printf(Locale.ROOT, "%s load: StateStore %.3f s, raw file read %.3f s (%.1fx)%n", m,
                median(load), median(rawRead), median(load) / median(rawRead));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The heap in use once garbage is collected (several full collections until it stops shrinking). */
    static long usedHeap() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = mx.getHeapMemoryUsage().getUsed();
            if (used >= last - 64 * 1024) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.vigil.benchmarks.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.QueryConfig;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.ReaderConfig;
import dev.vigil.vm.VmCodec;
import dev.vigil.vm.VmReader;
import dev.vigil.vm.VmWriter;
import dev.vigil.vm.WriteResult;
import dev.vigil.vm.WriterConfig;
import java.time.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * End-to-end loopback figure: writes {@code S} series x {@code P} points (default 10 000 x 1 440,
 * one day at 1 min) through {@link VmWriter}, reads them back through {@link VmReader} in 10 queries of
 * S/10 series, and does the same requests with {@code curl} (pre-built gzip bodies, {@code --compressed}
 * reads), printing points/s of each and the ratio. Starts its own {@code victoria-metrics} on 127.0.0.1
 * with a temporary storage directory unless {@code --url} is given.
 *
 * <p>Run: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.vm.VmEndToEnd [series] [points] [--url URL]}.
 * Not a JMH benchmark: one run is seconds long and dominated by VictoriaMetrics itself; take the best of
 * a few runs.
 */
public final class VmEndToEnd {

    private static final int SHARDS = 10;
    /** Round 1 warms up the JVM and VictoriaMetrics; report the later rounds. */
    private static final int ROUNDS = 3;

    private VmEndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        int nSeries = 10_000;
        int nPoints = 1_440;
        String url = null;
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url")) {
                url = args[++i];
            } else {
                pos.add(args[i]);
            }
        }
        if (pos.size() > 0) {
            nSeries = Integer.parseInt(pos.get(0));
        }
        if (pos.size() > 1) {
            nPoints = Integer.parseInt(pos.get(1));
        }
        LocalVictoriaMetrics vm = url == null ? LocalVictoriaMetrics.start("vigil-e2e-") : null;
        try {
            if (vm != null) {
                url = vm.url();
            }
            for (int round = 1; round <= ROUNDS; round++) {
                run(url, nSeries, nPoints, round);
            }
        } finally {
            if (vm != null) {
                vm.close();
            }
        }
    }

    private static void run(String url, int nSeries, int nPoints, int round) throws Exception {
        String vigilName = "e2e_vigil_" + round;
        String curlName = "e2e_curl_" + round;
        List<Series> base = Payloads.series(nSeries, nPoints, 1);
        long points = (long) nSeries * nPoints;
        HttpSettings http = HttpSettings.builder(url).timeout(Duration.ofSeconds(120)).build();
        System.out.printf(Locale.ROOT, "round %d: %d series x %d points = %d points, %s, %d cpus, load %s%n", round, nSeries,
                nPoints, points,
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());

        // ---- write: the client (serialise + gzip + POST, batches of 1000 series)
        List<OutputSeries> vigil = new ArrayList<>(nSeries);
        List<Series> curlSeries = new ArrayList<>(nSeries);
        for (int i = 0; i < nSeries; i++) {
            Series s = base.get(i);
            Labels l = s.labels().without("__name__").with("shard", Integer.toString(i % SHARDS));
            vigil.add(new OutputSeries(vigilName, "e2e", null, null, s.withLabels(l)));
            curlSeries.add(s.withLabels(l.with("__name__", curlName).with("for", "e2e")));
        }
        // ---- write: curl posting the same kind of gzip bodies, prepared beforehand
        Path tmp = Files.createTempDirectory("vigil-e2e-bodies-");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail"));
        for (int b = 0; b * 1000 < nSeries; b++) {
            Path f = tmp.resolve("b" + b + ".json.gz");
            Files.write(f, gzip(VmCodec.encodeImport(curlSeries.subList(b * 1000, Math.min(nSeries, (b + 1) * 1000)))));
            if (b > 0) {
                cmd.add("--next");
            }
            cmd.addAll(List.of("-H", "Content-Encoding: gzip", "--data-binary", "@" + f, url + "/api/v1/import"));
        }
        double curlWriteS = round % 2 == 0 ? time(cmd) : 0;
        long t0 = System.nanoTime();
        WriteResult wr;
        try (VmWriter w = VmWriter.create(WriterConfig.builder(http).build())) {
            wr = w.write(vigil);
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        if (round % 2 != 0) {
            curlWriteS = time(cmd);
        }
        LocalVictoriaMetrics.flush(url);

        // ---- read: 10 queries of nSeries/10 series each, whole range at 1m
        Instant start = Instant.ofEpochMilli(Payloads.T0);
        Instant end = Instant.ofEpochMilli(Payloads.T0 + (nPoints - 1) * 60_000L);
        List<String> rc = new ArrayList<>(List.of("curl", "-sS", "--fail", "--compressed"));
        for (int k = 0; k < SHARDS; k++) {
            rc.addAll(List.of("-o", "/dev/null", url + "/api/v1/query_range?query="
                    + URLEncoder.encode(curlName + "{shard=\"" + k + "\"}", StandardCharsets.UTF_8)
                    + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=60"));
        }
        double curlReadS = round % 2 == 0 ? time(rc) : 0;
        long got = 0;
        t0 = System.nanoTime();
        try (VmReader r = VmReader.create(ReaderConfig.builder(http).samplingPeriod(Duration.ofMinutes(1)).latencyOffset(null)
                .maxPointsPerQuery(30_000).build())) {
            for (int k = 0; k < SHARDS; k++) {
                QueryResult res = r.read(QueryConfig.builder("e2e", vigilName + "{shard=\"" + k + "\"}").build(), start, end);
                got += res.points();
            }
        }
        double readS = (System.nanoTime() - t0) / 1e9;
        if (got != points) {
            throw new IllegalStateException("read back " + got + " points, wrote " + points);
        }
        if (round % 2 != 0) {
            curlReadS = time(rc);
        }
        System.out.printf(Locale.ROOT, "write: vigil %.2f s = %.2f M points/s (%d requests, %.1f MB gzip); curl %.2f s = %.2f M"
                + " points/s; vigil/curl time ratio %.2f%n", writeS, points / writeS / 1e6, wr.requests(), wr.bytes() / 1e6,
                curlWriteS, points / curlWriteS / 1e6, writeS / curlWriteS);
        System.out.printf(Locale.ROOT, "read:  vigil %.2f s = %.2f M points/s; curl (no parsing) %.2f s = %.2f M points/s;"
                + " vigil/curl time ratio %.2f%n", readS, points / readS / 1e6, curlReadS, points / curlReadS / 1e6,
                readS / curlReadS);
        LocalVictoriaMetrics.deleteTree(tmp);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static double time(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed: " + out);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}

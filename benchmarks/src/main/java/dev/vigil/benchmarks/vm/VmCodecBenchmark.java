package dev.vigil.benchmarks.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.VmCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse and serialise throughput of the client's wire formats on 1 M points (100 series x 10 000 points,
 * 1-minute grid, 3-decimal values), in points per second (one op = one point), each beside a naive
 * Jackson tree-model baseline that produces the same result. Target: >= 10 M points/s for both
 * {@code parse} and {@code encode} on one core.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VmCodecBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class VmCodecBenchmark {

    static final int SERIES = 100;
    static final int POINTS = 10_000;
    static final int TOTAL = SERIES * POINTS;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private List<Series> series;
    private byte[] body;

    /** Builds the payloads once. */
    @Setup
    public void setup() throws IOException {
        series = Payloads.series(SERIES, POINTS, 42);
        body = Payloads.queryRangeBody(series);
        Map<Labels, Series> check = VmCodec.parseQueryRange(body);
        if (check.size() != SERIES || check.values().stream().mapToInt(Series::size).sum() != TOTAL) {
            throw new IllegalStateException("payload does not parse to " + TOTAL + " points");
        }
        if (!sameResult(check, treeParse(body))) {
            throw new IllegalStateException("the baseline parses differently");
        }
    }

    /** The client's streaming parser: bytes to primitive series. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public Map<Labels, Series> parse() {
        return VmCodec.parseQueryRange(body);
    }

    /** Baseline: {@code ObjectMapper.readTree}, then walk the tree into the same series. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public Map<Labels, Series> parseTreeBaseline() throws IOException {
        return treeParse(body);
    }

    /** The client's import encoder: series to JSON lines (uncompressed). */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public byte[] encode() {
        return VmCodec.encodeImport(series);
    }

    /** The client's encoder plus gzip at level 1, as {@code VmWriter} sends it. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public byte[] encodeGzip() throws IOException {
        byte[] plain = VmCodec.encodeImport(series);
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

    /** Baseline: build an {@code ObjectNode} per series and write it with the {@code ObjectMapper}. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public byte[] encodeTreeBaseline() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        for (Series s : series) {
            ObjectNode line = MAPPER.createObjectNode();
            ObjectNode metric = line.putObject("metric");
            metric.put("__name__", s.labels().name());
            for (int j = 0; j < s.labels().size(); j++) {
                metric.put(s.labels().key(j), s.labels().value(j));
            }
            ArrayNode values = line.putArray("values");
            ArrayNode timestamps = line.putArray("timestamps");
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.value(i))) {
                    values.add(s.value(i));
                    timestamps.add(s.timestamp(i));
                }
            }
            out.write(MAPPER.writeValueAsBytes(line));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static Map<Labels, Series> treeParse(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("status " + root.path("status"));
        }
        Map<Labels, Series> out = new LinkedHashMap<>();
        for (JsonNode r : root.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("metric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            JsonNode values = r.path("values");
            long[] ts = new long[values.size()];
            double[] vs = new double[values.size()];
            for (int i = 0; i < ts.length; i++) {
                JsonNode pair = values.get(i);
                ts[i] = Math.round(pair.get(0).asDouble() * 1000);
                String v = pair.get(1).asText();
                vs[i] = switch (v) {
                    case "NaN" -> Double.NaN;
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v);
                };
            }
            Labels l = Labels.of(labels);
            out.put(l, Series.of(l, ts, vs));
        }
        return out;
    }

    private static boolean sameResult(Map<Labels, Series> a, Map<Labels, Series> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        List<Boolean> ok = new ArrayList<>();
        a.forEach((k, v) -> ok.add(java.util.Arrays.equals(v.timestamps(), b.get(k).timestamps())
                && java.util.Arrays.equals(v.values(), b.get(k).values())));
        return !ok.contains(false);
    }
}

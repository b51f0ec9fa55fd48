package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The writer's retries against a JDK {@code HttpServer} standing in for {@code /api/v1/import}: 5xx and
 * connection failures are retried within {@code connection_retry_attempts}, 4xx are not, and a batch
 * failing for good says how many leading series were written.
 */
class VmWriterRetryTest {

    private static final class Events implements VmListener {
        final List<RequestEvent> requests = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(RequestEvent e) {
            requests.add(e);
        }
    }

    private static List<OutputSeries> series(int n) {
        List<OutputSeries> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new OutputSeries("anomaly_score", "q", "m", "s",
                    Series.of(Labels.of(java.util.Map.of("i", Integer.toString(i))), new long[] {1000L * i},
                            new double[] {i})));
        }
        return out;
    }

    private static VmWriter writer(FakeVm vm, int retries, int batchMaxSeries, VmListener l) {
        return VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).build())
                .connectionRetryAttempts(retries).batchMaxSeries(batchMaxSeries).gzip(false).build(),
                l, Clock.systemUTC(), new Random(7));
    }

    /** The label values {@code i} of the series in accepted (2xx) request bodies, in order. */
    private static List<String> accepted(FakeVm vm, List<Integer> okRequests) {
        List<String> ids = new ArrayList<>();
        for (int n : okRequests) {
            String body = new String(vm.requests.get(n - 1).body(), StandardCharsets.UTF_8);
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    ids.add(line.replaceFirst(".*\"i\":\"(\\d+)\".*", "$1"));
                }
            }
        }
        return ids;
    }

    @Test
    void write_failingThreeTimesWith5xx_succeedsOnTheFourthAttempt() throws Exception {
        List<Integer> ok = new CopyOnWriteArrayList<>();
        Events ev = new Events();
        try (FakeVm vm = new FakeVm((ex, n) -> {
            if (n <= 3) {
                FakeVm.respond(ex, n == 2 ? 502 : 503, "down");
            } else {
                ok.add(n);
                FakeVm.respond(ex, 204, "");
            }
        }); VmWriter w = writer(vm, 3, 1000, ev)) {
            WriteResult r = w.write(series(3));
            assertThat(r.requests()).isEqualTo(1);
            assertThat(r.points()).isEqualTo(3);
            assertThat(vm.requests).hasSize(4);
            assertThat(ev.requests).extracting(RequestEvent::code).containsExactly("503", "502", "503", "204");
            assertThat(ev.requests).extracting(RequestEvent::attempt).containsExactly(1, 2, 3, 4);
            assertThat(accepted(vm, ok)).containsExactly("0", "1", "2");
        }
    }

    @Test
    void write_5xxBeyondTheAttempts_givesUpAndNamesTheSeriesAlreadyWritten() throws Exception {
        // batches of 2 series: the first batch goes through, the second fails for good
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, n == 1 ? 204 : 500, "no"));
             VmWriter w = writer(vm, 1, 2, VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(series(5)));
            assertThat(e.code()).isEqualTo("500");
            assertThat(e.getMessage()).contains("gave up after 2 attempts");
            assertThat(e.seriesWritten()).isEqualTo(2);
            assertThat(vm.requests).hasSize(3);
        }
    }

    @Test
    void write_skippedSeriesBeforeAFailure_countAsWritten() throws Exception {
        List<OutputSeries> in = new ArrayList<>(series(2));
        in.add(1, new OutputSeries("y", "q", null, null, Series.of(new long[] {1}, new double[] {Double.NaN})));
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, n == 1 ? 204 : 503, ""));
             VmWriter w = writer(vm, 0, 1, VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(in));
            assertThat(e.code()).isEqualTo("503");
            // series 0 was sent; the NaN-only series 1 needs no request; series 2 failed
            assertThat(e.seriesWritten()).isEqualTo(1);
        }
    }

    @Test
    void write_4xx_isNotRetried() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 400, "{\"error\":\"cannot parse\"}"));
             VmWriter w = writer(vm, 3, 1000, VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(series(1)));
            assertThat(e.code()).isEqualTo("400");
            assertThat(e.seriesWritten()).isZero();
            assertThat(vm.requests).hasSize(1);
        }
    }

    @Test
    void write_5xxWithoutRetries_getsOneAttempt() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 503, ""));
             VmWriter w = writer(vm, 0, 1000, VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(series(1)));
            assertThat(e.code()).isEqualTo("503");
            assertThat(vm.requests).hasSize(1);
        }
    }
}

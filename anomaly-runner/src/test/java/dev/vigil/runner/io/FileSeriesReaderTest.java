package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.config.QueryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSeriesReaderTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @Test
    void read_withLastSeen_extendsTheWindowAndKeepsOnlyUnseenPoints(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"},cpu{host=\"b\"},cpu{host=\"c\"}\n");
        for (int i = 0; i < 10; i++) {
            sb.append(T0 / 1000 + 60L * i).append(',').append(i).append(',').append(i).append(',').append(i).append('\n');
        }
        Path f = Files.writeString(dir.resolve("d.csv"), sb.toString());
        FileSeriesReader r = new FileSeriesReader(f);
        QueryConfig q = new QueryConfig(dev.vigil.vm.QueryConfig.builder("q", "cpu").step(Duration.ofMinutes(1))
                .build(), Map.of());
        Instant start = Instant.ofEpochMilli(T0 + 7 * 60_000L);
        Instant end = Instant.ofEpochMilli(T0 + 9 * 60_000L);
        // a was last seen at minute 3, b at minute 8, c never: the window starts after minute 3.
        List<Series> got = r.read(q, start, end, Map.of(Labels.of("__name__", "cpu", "host", "a"), T0 + 3 * 60_000L,
                Labels.of("__name__", "cpu", "host", "b"), T0 + 8 * 60_000L)).series();
        assertThat(got).hasSize(3);
        assertThat(got.get(0).firstTimestamp()).isEqualTo(T0 + 4 * 60_000L);
        assertThat(got.get(1).firstTimestamp()).isEqualTo(T0 + 9 * 60_000L);
        assertThat(got.get(2).firstTimestamp()).isEqualTo(T0 + 4 * 60_000L);
        // Without lastSeen, [start, end] only.
        assertThat(r.read(q, start, end, Map.of()).series().get(0).size()).isEqualTo(3);
    }

    @Test
    void stream_withLastSeenAndNonFinite_handsOnWhatReadReturns(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"},cpu{host=\"b\"},mem{host=\"c\"}\n");
        for (int i = 0; i < 10; i++) {
            sb.append(T0 / 1000 + 60L * i).append(',').append(i % 4 == 1 ? "NaN" : i).append(',').append(i)
                    .append(',').append(i).append('\n');
        }
        FileSeriesReader r = new FileSeriesReader(Files.writeString(dir.resolve("d.csv"), sb.toString()));
        Instant start = Instant.ofEpochMilli(T0 + 2 * 60_000L);
        Instant end = Instant.ofEpochMilli(T0 + 9 * 60_000L);
        Map<Labels, Long> seen = Map.of(Labels.of("__name__", "cpu", "host", "b"), T0 + 6 * 60_000L);
        SeriesReader.Result whole = r.read(query("cpu"), start, end, seen);
        List<Series> got = new java.util.ArrayList<>();
        SeriesReader.Result streamed = r.stream(query("cpu"), start, end, seen, got::add);
        assertThat(r.streams()).isTrue();
        assertThat(streamed.series()).isEmpty();
        assertThat(got).hasSize(2).isEqualTo(whole.series());
        assertThat(got.get(1).firstTimestamp()).isEqualTo(T0 + 7 * 60_000L);
        assertThat(streamed.bytes()).isEqualTo(whole.bytes()).isEqualTo(16L * (8 + 3));
        // a's NaN at minutes 5 and 9 (minute 1 is before the window)
        assertThat(streamed.dropped()).isEqualTo(whole.dropped()).isEqualTo(new dev.vigil.vm.DroppedPoints(2, 1, 0, 0));
    }

    private static QueryConfig query(String expr) {
        return new QueryConfig(dev.vigil.vm.QueryConfig.builder("q", expr).step(Duration.ofMinutes(1)).build(), Map.of());
    }

    @Test
    void read_jsonLinesFile_isTheVictoriaMetricsFormatMatchedBySelector(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("d.jsonl"), "{\"metric\":{\"__name__\":\"cpu\",\"host\":\"a\"},"
                + "\"values\":[1,2],\"timestamps\":[" + T0 + "," + (T0 + 60_000) + "]}\n"
                + "{\"metric\":{\"__name__\":\"mem\"},\"values\":[3],\"timestamps\":[" + T0 + "]}\n");
        List<Series> got = new FileSeriesReader(f).read(query("cpu{host=~\"a|b\"}"), Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 60_000), Map.of()).series();
        assertThat(got).singleElement().satisfies(s -> assertThat(s.values()).containsExactly(1, 2));
    }

    @Test
    void read_malformedFile_isAnIoErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("d.csv"), "timestamp,cpu\n1704067200,1\n1704067260,one\n");
        assertThatThrownBy(() -> new FileSeriesReader(csv).read(query("cpu"), Instant.EPOCH, Instant.now(), Map.of()))
                .isInstanceOf(IoFailure.class).hasMessage(csv + ":3: bad value \"one\" in column 'cpu' (expected a"
                        + " number, or an empty cell for a missing value)")
                .satisfies(e -> assertThat(((IoFailure) e).code()).isEqualTo("io_error"));
        Path json = Files.writeString(dir.resolve("d.json"), "{\"metric\":{},\"values\":[1],\"timestamps\":[]}\n");
        assertThatThrownBy(() -> new FileSeriesReader(json).read(query("cpu"), Instant.EPOCH, Instant.now(), Map.of()))
                .isInstanceOf(IoFailure.class).hasMessage(json + ":1: not a VictoriaMetrics JSON line: needs arrays"
                        + " 'values' and 'timestamps' of equal length");
    }

    @Test
    void read_notASelector_isAnIoErrorNamingTheQueryAndTheExpression(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("d.csv"), "timestamp,cpu\n1704067200,1\n");
        assertThatThrownBy(() -> new FileSeriesReader(f).read(query("rate(cpu[5m])"), Instant.EPOCH, Instant.now(),
                Map.of())).isInstanceOf(IoFailure.class)
                .hasMessageStartingWith("query 'q': the file reader understands series selectors only, such as"
                        + " cpu_usage or cpu_usage{mode=\"idle\"}: invalid labels \"rate(cpu[5m])\"");
    }
}

package dev.vigil.runner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk state: round trip, and crash safety of the write-then-rename protocol. */
class StateStoreTest {

    @TempDir
    Path dir;

    static final String YAML = String.join("\n",
            "schedulers:",
            "  p: {class: periodic, infer_every: 1m, fit_every: 10m, fit_window: 1h}",
            "models:",
            "  z: {class: zscore_online, queries: [q], schedulers: [p]}",
            "  o: {class: zscore, queries: [q], schedulers: [p]}",
            "reader:",
            "  class: vm",
            "  datasource_url: http://127.0.0.1:1",
            "  sampling_period: 1m",
            "  queries:",
            "    q: 'm'",
            "writer:",
            "  datasource_url: http://127.0.0.1:1",
            "");

    static RunnerConfig config(String yaml) throws Exception {
        return RunnerConfigs.parse(yaml, "s.yml", Map.of(), ModelRegistry.standard());
    }

    static Series series(String host, int n, double shift) {
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 60_000L * i;
            vs[i] = 10 + Math.sin(i / 7.0) + shift;
        }
        return Series.of(Labels.of("__name__", "m", "host", host), ts, vs);
    }

    @Test
    void write_thenRead_restoresEverySeriesBitIdentically() throws Exception {
        RunnerConfig c = config(YAML);
        ModelSpec spec = c.models().get("o").specs().get("q");
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        FittedModel a = spec.fit(series("a", 60, 0));
        Combination comb = new Combination("p", "o", "q");
        String sig = Signatures.of(c).get(comb);
        store.write(comb, sig, 123L, List.of(new StateStore.Entry(Labels.of("__name__", "m", "host", "a"), a, 999L),
                new StateStore.Entry(Labels.of("host", "b"), null, Long.MIN_VALUE)));

        List<StateStore.Header> hs = store.headers();
        assertThat(hs).hasSize(1);
        assertThat(hs.get(0).combination()).isEqualTo(comb);
        assertThat(hs.get(0).signature()).isEqualTo(sig);
        assertThat(hs.get(0).lastFitMs()).isEqualTo(123L);
        assertThat(hs.get(0).series()).isEqualTo(2);
        Map<Labels, StateStore.Entry> back = store.load(hs.get(0), spec);
        assertThat(back.get(Labels.of("__name__", "m", "host", "a")).lastSeen()).isEqualTo(999L);
        assertThat(ModelStates.toBytes(back.get(Labels.of("__name__", "m", "host", "a")).model())).isEqualTo(ModelStates.toBytes(a));
        assertThat(back.get(Labels.of("host", "b")).model()).isNull();
        assertThat(back.get(Labels.of("host", "b")).lastSeen()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void headers_bodyReplacedAfterTheHeader_listsTheFileWithoutReadingTheBody() throws Exception {
        RunnerConfig c = config(YAML);
        ModelSpec spec = c.models().get("z").specs().get("q");
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        Combination comb = new Combination("p", "z", "q");
        List<StateStore.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add(new StateStore.Entry(Labels.of("host", "h" + i), spec.fit(series("h" + i, 20, i)), 5L));
        }
        store.write(comb, "sig", 7L, entries);
        Path file = store.dir().resolve(StateStore.fileName(comb));
        byte[] complete = Files.readAllBytes(file);
        // Everything after the first 64 bytes replaced by zeros: headers() cannot have verified it.
        byte[] zeros = complete.clone();
        java.util.Arrays.fill(zeros, 64, zeros.length, (byte) 0);
        Files.write(file, zeros);
        assertThat(store.headers()).singleElement().satisfies(h -> {
            assertThat(h.combination()).isEqualTo(comb);
            assertThat(h.series()).isEqualTo(2000);
        });
        assertThatThrownBy(() -> store.load(store.headers().get(0), spec)).isInstanceOf(IOException.class);
        // The same file intact is loaded in full from the one read of load().
        Files.write(file, complete);
        assertThat(store.load(store.headers().get(0), spec)).hasSize(2000);
        // A file replaced between headers() and load() is refused rather than mixed up.
        StateStore.Header before = store.headers().get(0);
        store.write(comb, "sig", 8L, entries.subList(0, 3));
        assertThatThrownBy(() -> store.load(before, spec)).isInstanceOf(IOException.class)
                .hasMessageContaining("changed since");
    }

    @Test
    void crash_halfWrittenTemporaryOrDamagedFile_previousCompleteStateIsRead() throws Exception {
        RunnerConfig c = config(YAML);
        ModelSpec spec = c.models().get("z").specs().get("q");
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        Combination comb = new Combination("p", "z", "q");
        FittedModel m = spec.fit(series("a", 30, 0));
        store.write(comb, "sig", 1L, List.of(new StateStore.Entry(Labels.of("host", "a"), m, 5L)));
        Path file = store.dir().resolve(StateStore.fileName(comb));
        byte[] complete = Files.readAllBytes(file);

        // kill -9 in the middle of the next write: a temporary file with half the new content.
        Files.write(store.dir().resolve(StateStore.fileName(comb) + ".123.tmp"),
                java.util.Arrays.copyOf(complete, complete.length / 2));
        assertThat(store.headers()).singleElement().satisfies(h -> assertThat(h.lastFitMs()).isEqualTo(1L));
        assertThat(store.deleteTemporary()).isEqualTo(1);
        assertThat(store.load(store.headers().get(0), spec).get(Labels.of("host", "a")).lastSeen()).isEqualTo(5L);

        // A file damaged on disk (truncated or a flipped byte) is refused by load, not half read;
        // headers() reads only the header, which is intact.
        Files.write(file, java.util.Arrays.copyOf(complete, complete.length - 3));
        StateStore.Header truncated = store.headers().get(0);
        assertThatThrownBy(() -> store.load(truncated, spec)).isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch");
        byte[] flipped = complete.clone();
        flipped[complete.length - 10] ^= 1;
        Files.write(file, flipped);
        StateStore.Header bitFlip = store.headers().get(0);
        assertThatThrownBy(() -> store.load(bitFlip, spec)).isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch");
        // A damaged header (here the magic) is skipped by headers().
        byte[] badMagic = complete.clone();
        badMagic[0] ^= 1;
        Files.write(file, badMagic);
        assertThat(store.headers()).isEmpty();
        Files.write(file, new byte[5]);
        assertThat(store.headers()).isEmpty();

        // A new complete write replaces it; no temporary file is left behind.
        store.write(comb, "sig", 2L, List.of(new StateStore.Entry(Labels.of("host", "a"), m, 6L)));
        assertThat(store.headers()).singleElement().satisfies(h -> assertThat(h.lastFitMs()).isEqualTo(2L));
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(n -> assertThat(n).endsWith(".state"));
        }
    }

    @Test
    void writeLastSeen_thenLoad_roundTripsAndIsDeletedWithItsCombination() throws Exception {
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        Combination c = new Combination("p", "o", "q");
        Labels a = Labels.of("__name__", "m", "host", "a");
        Labels b = Labels.of("__name__", "m", "host", "b\u00e9");
        assertThat(store.loadLastSeen(c)).isEmpty();
        store.writeLastSeen(c, Map.of(a, 1_700_000_060_000L, b, -5L));
        store.writeLastSeen(c, Map.of(a, 1_700_000_120_000L, b, 7L)); // replaces the previous one
        assertThat(store.loadLastSeen(c)).containsExactlyInAnyOrderEntriesOf(Map.of(a, 1_700_000_120_000L, b, 7L));
        assertThat(store.loadLastSeen(new Combination("p", "z", "q"))).isEmpty();
        assertThat(store.headers()).isEmpty(); // not a state file
        assertThat(store.isEmpty()).isFalse();
        store.delete(c);
        assertThat(store.loadLastSeen(c)).isEmpty();
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void loadLastSeen_damagedOrForeignFile_isIgnored() throws Exception {
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        Combination c = new Combination("p", "o", "q");
        Combination other = new Combination("p", "z", "q");
        store.writeLastSeen(other, Map.of(Labels.of("host", "a"), 5L));
        Path f = store.dir().resolve(StateStore.seenName(c));
        Files.copy(store.dir().resolve(StateStore.seenName(other)), f);
        assertThat(store.loadLastSeen(c)).isEmpty(); // another combination's content
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 1;
        Files.write(f, bytes);
        assertThat(store.loadLastSeen(c)).isEmpty(); // checksum mismatch
        assertThat(store.deleteAll()).isEqualTo(2);
    }

    @Test
    void signatures_changeWithModelArgsQueryOrScheduler_notWithKeyOrder() throws Exception {
        Map<Combination, String> base = Signatures.of(config(YAML));
        assertThat(base).containsOnlyKeys(new Combination("p", "z", "q"), new Combination("p", "o", "q"));
        Combination o = new Combination("p", "o", "q");
        assertThat(Signatures.of(config(YAML.replace("{class: zscore,", "{z_threshold: 3.5, class: zscore,"))).get(o))
                .isNotEqualTo(base.get(o));
        assertThat(Signatures.of(config(YAML.replace("q: 'm'", "q: 'm2'"))).get(o)).isNotEqualTo(base.get(o));
        assertThat(Signatures.of(config(YAML.replace("fit_window: 1h", "fit_window: 2h"))).get(o))
                .isNotEqualTo(base.get(o));
        assertThat(Signatures.of(config(YAML.replace("{class: periodic, infer_every: 1m,",
                "{infer_every: 1m, class: periodic,"))).get(o)).isEqualTo(base.get(o));
    }
}

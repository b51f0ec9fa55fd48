package dev.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.eval.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileSelectionTest {

    static Map<String, Integer> windows(List<String> keys) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), i);
        }
        return m;
    }

    static final List<String> KEYS = List.of("realTweets/b.csv", "artificialNoAnomaly/a.csv", "realKnownCause/c.csv",
            "realKnownCause/a.csv", "artificialWithAnomaly/z.csv");

    @Test
    void apply_halves_partitionByNameSortedParityAndKeepFileOrder() {
        Map<String, Integer> w = windows(KEYS);
        Map<String, Integer> a = new FileSelection(FileSelection.Half.A, List.of()).apply(w);
        Map<String, Integer> b = new FileSelection(FileSelection.Half.B, List.of()).apply(w);
        // sorted: artificialNoAnomaly/a (a), artificialWithAnomaly/z (b), realKnownCause/a (a),
        // realKnownCause/c (b), realTweets/b (a); each half in the windows file's order
        assertThat(a.keySet()).containsExactly("realTweets/b.csv", "artificialNoAnomaly/a.csv",
                "realKnownCause/a.csv");
        assertThat(b.keySet()).containsExactly("realKnownCause/c.csv", "artificialWithAnomaly/z.csv");
        assertThat(FileSelection.ALL.apply(w)).isEqualTo(w);
    }

    @Test
    void apply_anyOrderOfTheWindowsFile_sameHalves() {
        List<String> shuffled = new ArrayList<>(KEYS);
        Collections.shuffle(shuffled, new Random(42));
        FileSelection a = new FileSelection(FileSelection.Half.A, List.of());
        assertThat(new HashSet<>(a.apply(windows(shuffled)).keySet()))
                .isEqualTo(new HashSet<>(a.apply(windows(KEYS)).keySet()));
    }

    @Test
    void apply_globs_keepMatchingFilesWithinTheHalf() {
        Map<String, Integer> w = windows(KEYS);
        Set<String> got = new FileSelection(FileSelection.Half.ALL, List.of("realKnownCause/*.csv")).apply(w).keySet();
        assertThat(got).containsExactly("realKnownCause/c.csv", "realKnownCause/a.csv");
        got = new FileSelection(FileSelection.Half.B, List.of("real*/*")).apply(w).keySet();
        assertThat(got).containsExactly("realKnownCause/c.csv");
    }

    @Test
    void apply_nothingSelected_errorNamesSplitAndPatterns() {
        assertThatThrownBy(() -> new FileSelection(FileSelection.Half.A, List.of("nope/*.csv")).apply(windows(KEYS)))
                .isInstanceOf(InputException.class).hasMessageContaining("split a").hasMessageContaining("nope/*.csv")
                .hasMessageContaining("5 labelled files");
    }

    @Test
    void parse_unknownHalf_errorListsChoices() {
        assertThat(FileSelection.Half.parse(" B ")).isEqualTo(FileSelection.Half.B);
        assertThatThrownBy(() -> FileSelection.Half.parse("c")).isInstanceOf(InputException.class)
                .hasMessageContaining("\"c\"").hasMessageContaining("a, b or all");
    }
}

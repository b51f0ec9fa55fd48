package dev.vigil.eval.nab;

import dev.vigil.eval.InputException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which labelled files of a corpus to evaluate: a fixed half of the corpus ({@link Half}) and/or the
 * files matching glob patterns. Makes the held-out protocol reproducible: defaults are chosen on
 * {@link Half#A} and reported on {@link Half#B} ({@code docs/quality.md}). Immutable and thread-safe.
 *
 * @param half  the half to keep
 * @param globs glob patterns on the windows-file key (e.g. {@code realKnownCause/*.csv}); a file is
 *              kept when it matches any; empty: every file
 */
public record FileSelection(Half half, List<String> globs) {

    /**
     * A fixed split of the corpus into two halves: the keys of the windows file sorted by name
     * (code-point order), the even positions (0, 2, ...) in half A and the odd ones in half B. It does
     * not depend on any score, a seed or the order of the windows file, and puts files of every
     * category into both halves (NAB's names are grouped by category).
     */
    public enum Half {
        /** Every file. */
        ALL,
        /** The files at even positions of the name-sorted list. */
        A,
        /** The files at odd positions of the name-sorted list. */
        B;

        /** {@code all}, {@code a} or {@code b}, case-insensitive. */
        public static Half parse(String text) {
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (Half h : values()) {
                if (h.name().equals(t)) {
                    return h;
                }
            }
            throw new InputException("unknown split \"" + text + "\": use a, b or all");
        }
    }

    /** Every file. */
    public static final FileSelection ALL = new FileSelection(Half.ALL, List.of());

    /** Checks and copies. */
    public FileSelection {
        Objects.requireNonNull(half, "half");
        globs = List.copyOf(globs);
    }

    /**
     * The selected entries of {@code windows}, in its order.
     *
     * @throws InputException when nothing is left (naming the split and patterns)
     */
    public <V> Map<String, V> apply(Map<String, V> windows) {
        List<String> sorted = new ArrayList<>(windows.keySet());
        sorted.sort(null);
        List<PathMatcher> matchers = new ArrayList<>();
        for (String g : globs) {
            try {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            } catch (IllegalArgumentException e) {
                throw new InputException("bad file pattern \"" + g + "\": " + e.getMessage());
            }
        }
        Map<String, V> out = new LinkedHashMap<>();
        windows.forEach((k, v) -> {
            int i = sorted.indexOf(k);
            boolean inHalf = half == Half.ALL || (i % 2 == 0) == (half == Half.A);
            boolean matched = matchers.isEmpty() || matchers.stream().anyMatch(m -> m.matches(Path.of(k)));
            if (inHalf && matched) {
                out.put(k, v);
            }
        });
        if (out.isEmpty()) {
            throw new InputException("no labelled file is selected by split " + half.name().toLowerCase(Locale.ROOT)
                    + (globs.isEmpty() ? "" : " and files " + globs) + " (" + windows.size() + " labelled files)");
        }
        return out;
    }
}

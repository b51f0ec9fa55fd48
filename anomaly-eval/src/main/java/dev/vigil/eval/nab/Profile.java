package dev.vigil.eval.nab;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A NAB application profile: the weights of a true positive ({@code A_TP}), a false positive
 * ({@code A_FP}) and a false negative ({@code A_FN}), and the probationary period at the start of
 * every file whose rows are not scored: {@code min(floor(probationFraction * n), probationMaxRows)}
 * rows of an {@code n}-row file.
 *
 * <p>The three published profiles ({@code config/profiles.json} of NAB) share NAB's probation
 * (15 % of the file, at most 750 rows = 15 % of 5000). Immutable.
 *
 * @param name             profile name as NAB spells it
 * @param tpWeight         {@code A_TP > 0}: credit of a detection at a window's start
 * @param fpWeight         {@code A_FP >= 0}: cost of a detection far from any window
 * @param fnWeight         {@code A_FN >= 0}: cost of a missed window
 * @param probationFraction share of each file that is probation, in {@code [0, 1)}
 * @param probationMaxRows  cap on the probation length, in rows ({@code >= 0})
 */
public record Profile(String name, double tpWeight, double fpWeight, double fnWeight,
                      double probationFraction, int probationMaxRows) {

    /** NAB's probation share. */
    private static final double NAB_PROBATION_FRACTION = 0.15;
    /** NAB's probation cap: {@code 0.15 * 5000} rows. */
    private static final int NAB_PROBATION_MAX_ROWS = 750;

    /** NAB "standard": A_TP 1, A_FP 0.11, A_FN 1. */
    public static final Profile STANDARD = nab("standard", 1.0, 0.11, 1.0);
    /** NAB "reward_low_FP_rate": A_TP 1, A_FP 0.22, A_FN 1. */
    static final Profile REWARD_LOW_FP_RATE = nab("reward_low_FP_rate", 1.0, 0.22, 1.0);
    /** NAB "reward_low_FN_rate": A_TP 1, A_FP 0.11, A_FN 2. */
    static final Profile REWARD_LOW_FN_RATE = nab("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** Validates the weights and the probation. */
    public Profile {
        Objects.requireNonNull(name, "name");
        if (!(tpWeight > 0) || Double.isInfinite(tpWeight)) {
            throw new IllegalArgumentException("profile '" + name + "': tpWeight must be finite and > 0, got " + tpWeight);
        }
        if (!(fpWeight >= 0) || Double.isInfinite(fpWeight)) {
            throw new IllegalArgumentException("profile '" + name + "': fpWeight must be finite and >= 0, got " + fpWeight);
        }
        if (!(fnWeight >= 0) || Double.isInfinite(fnWeight)) {
            throw new IllegalArgumentException("profile '" + name + "': fnWeight must be finite and >= 0, got " + fnWeight);
        }
        if (!(probationFraction >= 0 && probationFraction < 1)) {
            throw new IllegalArgumentException("profile '" + name + "': probationFraction must be in [0, 1), got "
                    + probationFraction);
        }
        if (probationMaxRows < 0) {
            throw new IllegalArgumentException("profile '" + name + "': probationMaxRows must be >= 0, got "
                    + probationMaxRows);
        }
    }

    /** A profile with NAB's probation. */
    static Profile nab(String name, double tpWeight, double fpWeight, double fnWeight) {
        return new Profile(name, tpWeight, fpWeight, fnWeight, NAB_PROBATION_FRACTION, NAB_PROBATION_MAX_ROWS);
    }

    /** The three published NAB profiles, in NAB's order. */
    public static List<Profile> nabProfiles() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /**
     * A published profile by name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known profiles when unknown
     */
    public static Profile byName(String name) {
        for (Profile p : nabProfiles()) {
            if (p.name.toLowerCase(Locale.ROOT).equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown NAB profile '" + name
                + "'; known: standard, reward_low_FP_rate, reward_low_FN_rate");
    }

    /** Rows of probation of an {@code n}-row file: {@code min(floor(fraction * n), maxRows)}. */
    public int probationRows(int n) {
        return (int) Math.min(Math.floor(probationFraction * n), probationMaxRows);
    }
}

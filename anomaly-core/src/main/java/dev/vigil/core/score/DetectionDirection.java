package dev.vigil.core.score;

import java.util.Locale;

/** Which side of {@code yhat} may be anomalous ({@code detection_direction}). */
public enum DetectionDirection {
    /** Both sides (the default). */
    BOTH("both"),
    /** Only {@code y > yhat}; the score is 0 when {@code y < yhat}. */
    ABOVE_EXPECTED("above_expected"),
    /** Only {@code y < yhat}; the score is 0 when {@code y > yhat}. */
    BELOW_EXPECTED("below_expected");

    private final String configName;

    DetectionDirection(String configName) {
        this.configName = configName;
    }

    /** The spelling used in configuration files. */
    public String configName() {
        return configName;
    }

    /**
     * Parses {@code both}, {@code above_expected} or {@code below_expected} (case-insensitive).
     *
     * @throws IllegalArgumentException quoting the text and listing the valid values
     */
    public static DetectionDirection parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DetectionDirection d : values()) {
            if (d.configName.equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("detection_direction must be one of both, above_expected, below_expected;"
                + " got \"" + text + "\"");
    }
}

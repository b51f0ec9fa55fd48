package dev.vigil.vm;

import java.time.Duration;

/**
 * Parses Prometheus-style durations: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1h}, {@code 1d},
 * {@code 1w}, {@code 1y} (365 d), an optional leading minus, or a bare number of seconds
 * ({@code "1.5"}). Private to the client on purpose (the core grows its own parser).
 */
final class Durations {

    private Durations() {
    }

    static Duration parse(String key, String text) {
        if (text == null) {
            throw new VmConfigException("'" + key + "' must be a duration such as '1m', got null");
        }
        String s = text.trim();
        try {
            boolean negative = s.startsWith("-");
            if (negative || s.startsWith("+")) {
                s = s.substring(1);
            }
            if (s.isEmpty()) {
                throw new NumberFormatException();
            }
            Duration total;
            if (s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
                total = Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
            } else {
                total = Duration.ZERO;
                int i = 0;
                while (i < s.length()) {
                    int start = i;
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    if (start == i) {
                        throw new NumberFormatException();
                    }
                    double n = Double.parseDouble(s.substring(start, i));
                    int u = i;
                    while (i < s.length() && Character.isLetter(s.charAt(i))) {
                        i++;
                    }
                    long unitNanos = unitNanos(s.substring(u, i));
                    total = total.plusNanos(Math.round(n * unitNanos));
                }
            }
            return negative ? total.negated() : total;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new VmConfigException("'" + key + "' must be a duration such as '30s', '1m30s', '500ms' or '1h', got '"
                    + text + "'");
        }
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            case "d":
                return 86_400_000_000_000L;
            case "w":
                return 7 * 86_400_000_000_000L;
            case "y":
                return 365 * 86_400_000_000_000L;
            default:
                throw new NumberFormatException(unit);
        }
    }
}

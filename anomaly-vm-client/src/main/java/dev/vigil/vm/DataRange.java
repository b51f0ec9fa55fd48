package dev.vigil.vm;

/**
 * The valid value range of a query ({@code data_range}, vmanomaly docs, Reader, v1.30): models treat values outside it as
 * invalid and clip predictions into it. The reader does not filter; it carries the resolved range.
 *
 * @param low  lower bound, may be {@code -Infinity}
 * @param high upper bound, may be {@code +Infinity}; {@code low <= high}
 */
public record DataRange(double low, double high) {

    /** The default {@code ["-inf", "inf"]}. */
    public static final DataRange ALL = new DataRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    /** Checks the bounds. */
    public DataRange {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new VmConfigException("data_range",
                    "'data_range' must be [low, high] with low <= high, got [" + low + ", " + high + "]");
        }
    }

    /** Parses {@code ["-inf", "inf"]}-style bounds: numbers or {@code inf}/{@code -inf}. */
    public static DataRange parse(String low, String high) {
        return new DataRange(bound(low), bound(high));
    }

    private static double bound(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "inf":
            case "+inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new VmConfigException("data_range", "'data_range' bounds must be numbers or 'inf'/'-inf', got '" + s + "'");
                }
        }
    }

    /** Whether {@code v} lies in the range (NaN never does). */
    public boolean contains(double v) {
        return v >= low && v <= high;
    }
}

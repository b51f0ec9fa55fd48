package dev.vigil.core.prediction;

import java.util.List;

/** The standard output column names, spelled as vmanomaly writes them. */
public final class Columns {
    /** The primary output: 0 at yhat, 1 on the violated bound, above 1 beyond it. */
    public static final String ANOMALY_SCORE = "anomaly_score";
    /** The observed value. */
    public static final String Y = "y";
    /** The expected value. */
    public static final String YHAT = "yhat";
    /** The lower bound of the expected range. */
    public static final String YHAT_LOWER = "yhat_lower";
    /** The upper bound of the expected range. */
    public static final String YHAT_UPPER = "yhat_upper";

    /** The five standard columns in output order. */
    public static final List<String> STANDARD = List.of(ANOMALY_SCORE, Y, YHAT, YHAT_LOWER, YHAT_UPPER);

    /** The expected value and its band, the outputs of every model that has a band. */
    public static final List<String> BAND = List.of(YHAT, YHAT_LOWER, YHAT_UPPER);

    private Columns() {
    }
}

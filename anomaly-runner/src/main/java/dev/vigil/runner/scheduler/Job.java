package dev.vigil.runner.scheduler;

import java.time.Instant;

/**
 * One scheduled job: at {@code at}, fit on {@code [fitStart, fitEnd]} (when {@link #fits()}) and
 * infer on the points in {@code (inferStart, inferEnd]} not seen before (when {@link #infers()}).
 * Unused windows are {@code null}.
 */
public record Job(Instant at, Stage stage, Instant fitStart, Instant fitEnd, Instant inferStart, Instant inferEnd) {

    /** vmanomaly's stage names, used as the {@code stage} metric label. */
    public enum Stage {
        FIT("fit"), INFER("infer"), FIT_INFER("fit_infer");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        /** The metric label value. */
        public String label() {
            return label;
        }
    }

    /** Whether this job fits models. */
    public boolean fits() {
        return stage != Stage.INFER;
    }

    /** Whether this job infers. */
    public boolean infers() {
        return stage != Stage.FIT;
    }

    /** The earliest instant the job reads. */
    public Instant readStart() {
        if (fitStart == null) {
            return inferStart;
        }
        return inferStart == null || fitStart.isBefore(inferStart) ? fitStart : inferStart;
    }

    /** The latest instant the job reads. */
    public Instant readEnd() {
        if (fitEnd == null) {
            return inferEnd;
        }
        return inferEnd == null || fitEnd.isAfter(inferEnd) ? fitEnd : inferEnd;
    }
}

package dev.vigil.models.envelope;

/**
 * The joint score of a row from its component scores (each channel's score and the cross-channel
 * score, each 1 on its own band's edge), calibrated so that the joint score is 1 where the most
 * anomalous component is on its edge, whatever the aggregation and the number of channels:
 * <ul>
 *   <li>no component above 1: the largest component, so a row inside every band scores below 1 and
 *       rises towards 1 as any component nears its edge; ordinary scores of many channels do not add
 *       up to an alarm;</li>
 *   <li>else {@code 1 + A(e)} over the excesses {@code e_i = max(0, s_i - 1)}, with {@code A} the
 *       {@code l2} norm {@code sqrt(Σ e_i²)}, the {@code max}, or the {@code mean} over the components
 *       beyond their edge. One component at s with the others inside their bands scores exactly s
 *       under every aggregation (as {@code temporal_envelope} would score it); several components
 *       beyond their edges score more under {@code l2}.</li>
 * </ul>
 * Stateless; O(components), allocation-free; a NaN component gives NaN.
 */
final class JointScore {

    private JointScore() {
    }

    /** The joint score of {@code scores[0..count)} and {@code cross}. */
    static double of(MultivariateEnvelopeSpec.Aggregation agg, double[] scores, int count, double cross) {
        double top = cross;
        for (int i = 0; i < count; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                return Double.NaN;
            }
            top = Math.max(top, s);
        }
        if (Double.isNaN(top) || top <= 1) {
            return top;
        }
        double bigExcess = top - 1;
        switch (agg) {
            case MAX:
                return top;
            case MEAN: {
                int beyond = cross > 1 ? 1 : 0;
                for (int i = 0; i < count; i++) {
                    beyond += scores[i] > 1 ? 1 : 0;
                }
                // each excess divided first, so that the sum cannot overflow
                double mean = excess(cross) / beyond;
                for (int i = 0; i < count; i++) {
                    mean += excess(scores[i]) / beyond;
                }
                return 1 + mean;
            }
            default: {
                // sqrt(Σ e²) scaled by the largest excess, which cannot overflow
                double r = excess(cross) / bigExcess;
                double sum = r * r;
                for (int i = 0; i < count; i++) {
                    r = excess(scores[i]) / bigExcess;
                    sum += r * r;
                }
                return 1 + bigExcess * Math.sqrt(sum);
            }
        }
    }

    private static double excess(double s) {
        return s > 1 ? s - 1 : 0;
    }
}

package dev.vigil.models.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import dev.vigil.models.state.ModelStateException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The detector keeps the scores of its earlier form ({@link ReferenceContextDetector}: a count per context,
 * every key a {@code long}) bit for bit, on seeded random arguments and streams, across saves and
 * restores in both the current payload and version 3.
 */
class ContextDetectorEquivalenceTest {

    private static final int CASES = 300;

    /** Random arguments over their whole valid ranges (narrow and wide keys, every error mode). */
    private static Map<String, Object> randomArgs(SplittableRandom r) {
        Map<String, Object> a = new HashMap<>();
        a.put("levels", 2 + r.nextInt(15));
        a.put("context_length", 1 + r.nextInt(12));
        a.put("rest_period", r.nextInt(40));
        a.put("short_window", 1 + r.nextInt(15));
        a.put("long_window", 1 + r.nextInt(400));
        a.put("range_tolerance", new double[] {0, 0.05, 0.3}[r.nextInt(3)]);
        a.put("tail_digits", new double[] {1, 3, 5}[r.nextInt(3)]);
        a.put("prediction_error", new String[] {"off", "level", "last"}[r.nextInt(3)]);
        return a;
    }

    /** A random walk, a noisy wave, a few repeated values or a plateau with jumps; NaN, ±inf and spikes. */
    private static double[] randomStream(SplittableRandom r, int n) {
        int kind = r.nextInt(4);
        double[] y = new double[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0 -> v += r.nextGaussian();
                case 1 -> v = 50 + 10 * Math.sin(2 * Math.PI * i / (5 + r.nextInt(3) * 20)) + r.nextGaussian();
                case 2 -> v = r.nextInt(4);
                default -> v = r.nextInt(100) == 0 ? 1000 * r.nextGaussian() : v;
            }
            y[i] = v;
            int odd = r.nextInt(200);
            if (odd == 0) {
                y[i] = Double.NaN;
            } else if (odd == 1) {
                y[i] = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            } else if (odd == 2) {
                y[i] += 50 * r.nextGaussian();
            }
        }
        return y;
    }

    private static ContextSpec spec(Map<String, Object> args) {
        return (ContextSpec) ModelRegistry.standard().create("vigil_online", args);
    }

    /** The detector of {@link ContextSpec#fit} on {@code y[0, fit)}, and the reference fitted alike. */
    private static Object[] fitBoth(ContextSpec spec, double[] y, int fit) {
        ContextDetector d = new ContextDetector(spec.params);
        ReferenceContextDetector ref = new ReferenceContextDetector(spec.params);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < fit; i++) {
            if (Double.isFinite(y[i])) {
                lo = Math.min(lo, y[i]);
                hi = Math.max(hi, y[i]);
            }
        }
        if (lo <= hi) {
            d.setRange(lo, hi);
            ref.setRange(lo, hi);
        }
        for (int i = 0; i < fit; i++) {
            d.learn(y[i]);
            ref.learn(y[i]);
        }
        return new Object[] {d, ref};
    }

    private static ContextDetector roundTrip(ContextSpec spec, ContextDetector d) throws IOException {
        byte[] bytes = ModelStates.toBytes(new ContextSpec.Online(spec, d));
        return ContextDetector.restore(spec.params, ((ContextSpec.Online) ModelStates.fromBytes(bytes)).state());
    }

    @Test
    void scoreAndLearn_randomArgumentsAndStreamsWithSaveRestore_sameScoresAsReference() throws IOException {
        SplittableRandom r = new SplittableRandom(20261206L);
        int restores = 0;
        int wideCases = 0;
        for (int c = 0; c < CASES; c++) {
            Map<String, Object> args = randomArgs(r);
            ContextSpec spec = spec(args);
            wideCases += ContextDetector.narrowKeys(spec.params.contextLength()) ? 0 : 1;
            double[] y = randomStream(r, 200 + r.nextInt(1300));
            int fit = r.nextInt(y.length / 2);
            Object[] both = fitBoth(spec, y, fit);
            ContextDetector d = (ContextDetector) both[0];
            ReferenceContextDetector ref = (ReferenceContextDetector) both[1];
            for (int i = fit; i < y.length; i++) {
                int step = r.nextInt(40);
                if (step == 0) {
                    d = roundTrip(spec, d);
                    ref = ref.copy();
                    restores++;
                } else if (step == 1) {
                    // a read-only score of another value in between (infer), then the learn of this one alone
                    double other = y[r.nextInt(y.length)];
                    assertThat(Double.doubleToRawLongBits(d.score(other)))
                            .as("case %d %s, point %d, other value", c, args, i)
                            .isEqualTo(Double.doubleToRawLongBits(ref.score(other)));
                    d.learn(y[i]);
                    ref.learn(y[i]);
                    continue;
                } else if (step == 2) {
                    // learning without scoring first (fit, update)
                    d.learn(y[i]);
                    ref.learn(y[i]);
                    continue;
                }
                assertThat(Double.doubleToRawLongBits(d.score(y[i]))).as("case %d %s, point %d", c, args, i)
                        .isEqualTo(Double.doubleToRawLongBits(ref.score(y[i])));
                assertThat(Double.doubleToRawLongBits(d.level())).isEqualTo(Double.doubleToRawLongBits(ref.level()));
                d.learn(y[i]);
                ref.learn(y[i]);
            }
            assertThat(d.seen()).isEqualTo(ref.seen());
            assertThat(d.toString()).startsWith("contexts=" + ref.contexts() + ",");
        }
        assertThat(restores).as("save/restore round trips").isGreaterThan(CASES * 10);
        assertThat(wideCases).as("cases with 64-bit keys").isGreaterThan(CASES / 4);
    }

    @Test
    void readState_version3_continuesWithTheReferenceScores() throws IOException {
        SplittableRandom r = new SplittableRandom(77);
        for (int c = 0; c < 60; c++) {
            Map<String, Object> args = randomArgs(r);
            ContextSpec spec = spec(args);
            double[] y = randomStream(r, 400 + r.nextInt(600));
            int fit = y.length / 2;
            ReferenceContextDetector ref = (ReferenceContextDetector) fitBoth(spec, y, fit)[1];
            byte[] v3 = withPayload(ModelStates.toBytes(spec.fit(dev.vigil.core.series.Series.of(new long[] {0}, new double[] {1}))),
                    3, ref.payloadV3());
            ContextDetector d = ContextDetector.restore(spec.params, ((ContextSpec.Online) ModelStates.fromBytes(v3)).state());
            for (int i = fit; i < y.length; i++) {
                assertThat(Double.doubleToRawLongBits(d.score(y[i]))).as("case %d %s, point %d", c, args, i)
                        .isEqualTo(Double.doubleToRawLongBits(ref.score(y[i])));
                d.learn(y[i]);
                ref.learn(y[i]);
            }
            assertThat(d.toString()).startsWith("contexts=" + ref.contexts() + ",");
        }
    }

    @Test
    void readState_version3KeyOfAnotherContextLength_refusedAsCorrupt() throws IOException {
        ContextSpec longer = spec(Map.of("context_length", 6));
        ReferenceContextDetector ref = (ReferenceContextDetector) fitBoth(longer, randomStream(new SplittableRandom(3), 300), 300)[1];
        ContextSpec shorter = spec(Map.of("context_length", 2));
        byte[] v3 = withPayload(ModelStates.toBytes(shorter.fit(dev.vigil.core.series.Series.of(new long[] {0}, new double[] {1}))),
                3, ref.payloadV3());
        assertThatThrownBy(() -> ModelStates.fromBytes(v3)).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("does not fit context_length 2");
    }

    @Test
    void toBytes_dayOfMinutePoints_aboutHalfTheBytesPerContext() throws IOException {
        ContextSpec spec = spec(Map.of());
        SplittableRandom r = new SplittableRandom(11);
        double[] y = new double[1441];
        for (int i = 1; i < y.length; i++) {
            y[i] = y[i - 1] + r.nextGaussian(); // a random walk, as the scale benchmark's series
        }
        Object[] both = fitBoth(spec, y, 1441);
        ReferenceContextDetector ref = (ReferenceContextDetector) both[1];
        ByteBuffer state = ByteBuffer.wrap(ModelStates.toBytes(new ContextSpec.Online(spec, (ContextDetector) both[0])));
        int now = state.getInt(12 + state.getInt(8) + 4); // the payload's length
        int before = ref.payloadV3().length;
        assertThat(ref.contexts()).isGreaterThan(100);
        // gap and key, about 5 bytes per context, where gap, key and count took 10-11
        assertThat(before - now).as("payload bytes, %d contexts; version 3 payload %d", ref.contexts(), before)
                .isGreaterThanOrEqualTo(5 * ref.contexts());
    }

    @Test
    void contextSet_randomKeysNarrowAndWide_sameMembershipAsHashSet() {
        SplittableRandom r = new SplittableRandom(5);
        for (boolean narrow : new boolean[] {true, false}) {
            ContextSet s = new ContextSet(narrow, ContextSet.MIN_CAPACITY);
            Set<Long> expected = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                long k = 1 + (narrow ? r.nextInt(5000) : r.nextLong(1L << 62) % 7919L * 1_000_003L);
                assertThat(s.contains(k)).isEqualTo(expected.contains(k));
                assertThat(s.add(k)).isEqualTo(expected.add(k));
            }
            assertThat(s.size()).isEqualTo(expected.size());
            assertThat(s.capacity()).isEqualTo(ContextSet.capacityFor(expected.size()));
            ContextSet copy = s.copy();
            for (long k : expected) {
                assertThat(copy.contains(k)).isTrue();
            }
        }
    }

    @Test
    void narrowKeys_upToContextLengthSix() {
        assertThat(ContextDetector.narrowKeys(6)).isTrue();
        assertThat(ContextDetector.narrowKeys(7)).isFalse();
        // the largest key of context_length 6 is a positive int
        long max = ((long) 6 << ContextDetector.orderShift(6) | (1L << 28) - 1) + 1;
        assertThat(max).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    /** {@code state} with its payload replaced by version {@code version}'s {@code payload}, checksum redone. */
    private static byte[] withPayload(byte[] state, int version, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(state);
        int at = 12 + b.getInt(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(state, 0, at);
        data.writeInt(version);
        data.writeInt(payload.length);
        data.write(payload);
        CRC32 crc = new CRC32();
        crc.update(out.toByteArray());
        data.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** Sanity of the splice: the current state rebuilt by {@link #withPayload} is the same bytes. */
    @Test
    void withPayload_currentPayload_sameBytes() throws IOException {
        ContextSpec spec = spec(Map.of());
        FittedModel m = spec.fit(dev.vigil.core.series.Series.of(new long[] {0, 1, 2}, new double[] {1, 2, 3}));
        byte[] state = ModelStates.toBytes(m);
        ByteBuffer b = ByteBuffer.wrap(state);
        int at = 12 + b.getInt(8);
        byte[] payload = java.util.Arrays.copyOfRange(state, at + 8, at + 8 + b.getInt(at + 4));
        assertThat(withPayload(state, b.getInt(at), payload)).isEqualTo(state);
    }
}

package dev.vigil.models.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A saved {@code peer_outlier} group restores bit-identically; bad states are refused clearly. */
class PeerStateCodecTest {

    private static final String ALIAS = "peer_outlier";

    /** Feeds {@code steps} seeded timestamps of 8 peers (a ninth joins at step 20) with NaN holes and spikes. */
    private static double[][] feed(PeerOutlierModel m, SplittableRandom r, int steps, int start) {
        double[][] scores = new double[steps * 4][];
        for (int t = 0; t < steps; t++) {
            int n = start + t >= 20 ? 9 : 8;
            String[] peers = PeerOutlierModelTest.peers(n);
            double[] v = PeerOutlierModelTest.row(r, n);
            if (r.nextInt(10) == 0) {
                v[r.nextInt(n)] = Double.NaN;
            }
            if (r.nextInt(15) == 0) {
                v[r.nextInt(n)] += 12;
            }
            PeerOutlierModel.Scores s = m.scoreAndUpdate(peers, v);
            scores[4 * t] = s.score();
            scores[4 * t + 1] = s.yhat();
            scores[4 * t + 2] = s.lower();
            scores[4 * t + 3] = s.upper();
        }
        return scores;
    }

    private static PeerOutlierModel group(Map<String, Object> args) {
        return ((PeerSpec) ModelRegistry.standard().create(ALIAS, args)).newGroup();
    }

    private static void assertSameState(PeerOutlierModel actual, PeerOutlierModel expected) {
        assertThat(actual.samplesSeen()).isEqualTo(expected.samplesSeen());
        assertThat(actual.spreads()).isEqualTo(expected.spreads()); // Arrays.equals: bit-identical doubles
        TreeMap<String, double[]> a = actual.peers();
        TreeMap<String, double[]> e = expected.peers();
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        e.forEach((k, v) -> assertThat(a.get(k)).as("peer %s {offset, weight}", k).isEqualTo(v));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.97})
    void restoredGroup_scoresAndLearnsBitIdentically(double decay) throws IOException {
        Map<String, Object> args = Map.of("decay", decay, "epsilon_quantile", 0.8, "tolerance", 3);
        PeerOutlierModel original = group(args);
        SplittableRandom r = new SplittableRandom(7L + (long) (decay * 100));
        feed(original, r, 60, 0);

        FittedModel read = ModelStates.fromBytes(ModelStates.toBytes(original));
        assertThat(read).isInstanceOf(PeerOutlierModel.class);
        PeerOutlierModel restored = (PeerOutlierModel) read;
        assertThat(restored.spec().resolvedArgs()).isEqualTo(original.spec().resolvedArgs());
        assertSameState(restored, original);
        assertThat(original.samplesSeen()).as("the group is warm, so scores are not all 0")
                .isGreaterThan(original.minNSamplesSeen());

        long seed = r.nextLong();
        double[][] expected = feed(original, new SplittableRandom(seed), 80, 60);
        double[][] actual = feed(restored, new SplittableRandom(seed), 80, 60);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("output row %d", i).isEqualTo(expected[i]);
        }
        assertThat(Arrays.stream(expected).flatMapToDouble(Arrays::stream).filter(x -> x > 1).count())
                .as("the spikes score above 1").isPositive();
        assertSameState(restored, original);
        assertThat(ModelStates.toBytes(restored)).isEqualTo(ModelStates.toBytes(original));
    }

    @Test
    void savingEqualGroups_sameBytes_andSavingDoesNotChangeTheGroup() throws IOException {
        PeerOutlierModel a = group(Map.of());
        PeerOutlierModel b = group(Map.of());
        feed(a, new SplittableRandom(3), 30, 0);
        feed(b, new SplittableRandom(3), 30, 0);
        byte[] first = ModelStates.toBytes(a);
        assertThat(ModelStates.toBytes(a)).isEqualTo(first);
        assertThat(ModelStates.toBytes(b)).isEqualTo(first);
        // 9 peers: a few bytes of counts and spreads, then 17 bytes and a 5-byte name per peer
        StateFormat.Envelope e = StateFormat.read(new ByteArrayInputStream(first));
        assertThat(e.payloadVersion()).isEqualTo(1);
        assertThat(e.payloadSize()).isEqualTo(1 + 24 + 1 + 9 * (1 + 5 + 16));
    }

    @Test
    void freshGroup_roundTripsAndLearnsLikeANewOne() throws IOException {
        PeerOutlierModel fresh = group(Map.of());
        PeerOutlierModel restored = (PeerOutlierModel) ModelStates.fromBytes(ModelStates.toBytes(fresh));
        assertThat(restored.samplesSeen()).isZero();
        double[][] expected = feed(fresh, new SplittableRandom(5), 40, 0);
        double[][] actual = feed(restored, new SplittableRandom(5), 40, 0);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("output row %d", i).isEqualTo(expected[i]);
        }
    }

    /** Offset of the payload version: magic, format version, header length, header. */
    private static int payloadVersionOffset(byte[] b) {
        return 12 + ByteBuffer.wrap(b, 8, 4).getInt();
    }

    private static byte[] resealed(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void otherPayloadVersion_rejectedNamingModelAndVersion() throws IOException {
        PeerOutlierModel m = group(Map.of());
        feed(m, new SplittableRandom(11), 10, 0);
        byte[] b = ModelStates.toBytes(m);
        ByteBuffer.wrap(b).putInt(payloadVersionOffset(b), 2);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(b))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("model '" + ALIAS + "'").hasMessageContaining("payload version 2")
                .hasMessageContaining("newer");
    }

    @Test
    void corruptPayload_rejectedWithWhatIsWrong() throws IOException {
        PeerOutlierModel m = group(Map.of());
        feed(m, new SplittableRandom(13), 10, 0);
        byte[] b = ModelStates.toBytes(m);
        int payload = payloadVersionOffset(b) + 8; // payload version and length
        // the lower spread (after a 1-byte count and the upper spread) made negative
        ByteBuffer.wrap(b).putDouble(payload + 1 + 8, -1.0);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(b))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining(ALIAS).hasMessageContaining("corrupt").hasMessageContaining("-1.0 down");

        byte[] c = ModelStates.toBytes(m);
        int peerCount = payloadVersionOffset(c) + 8 + 1 + 24;
        assertThat(c[peerCount]).as("8 peers").isEqualTo((byte) 8);
        c[peerCount] = 100; // more peers than bytes left
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(c))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("100 items");

        byte[] flipped = ModelStates.toBytes(m);
        flipped[flipped.length - 10] ^= 1; // not resealed: the checksum catches it
        assertThatThrownBy(() -> ModelStates.fromBytes(flipped)).isInstanceOf(ModelStateException.class);
    }

    @Test
    void otherModelsState_notReadAsAPeerGroup() throws IOException {
        PeerOutlierModel m = group(Map.of("tolerance", 3));
        byte[] b = ModelStates.toBytes(m);
        PeerSpec other = (PeerSpec) ModelRegistry.standard().create(ALIAS, Map.of("tolerance", 5));
        assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(b), other, ModelRegistry.standard()))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("tolerance");
    }
}

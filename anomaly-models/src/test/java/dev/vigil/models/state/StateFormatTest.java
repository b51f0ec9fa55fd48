package dev.vigil.models.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.mad.MadModels;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.zscore.ZscoreModels;
import dev.vigil.models.registry.ModelStates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The envelope: versions, truncation, corruption, magic, argument checks and missing codecs. */
class StateFormatTest {

    private static final String Z = ZscoreModels.OFFLINE;

    private static final String M = MadModels.OFFLINE;

    private static final long T0 = 1_704_067_200_000L;

    private static FittedModel fitted(String alias, Map<String, ?> args) {
        long[] t = new long[200];
        double[] y = new double[200];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0 + i * 60_000L;
            y[i] = 5 + Math.sin(i / 7.0) + (i % 13 == 0 ? Double.NaN : 0);
        }
        return ModelRegistry.standard().create(alias, args).fit(Series.of(t, y));
    }

    private static byte[] state() throws IOException {
        return ModelStates.toBytes(fitted(Z, Map.of("z_threshold", 3)));
    }

    /** Offset of the payload version: magic, format version, header length, header. */
    private static int payloadVersionOffset(byte[] b) {
        return 12 + ByteBuffer.wrap(b, 8, 4).getInt();
    }

    /** Recomputes the trailing checksum, as a writer of another version would have. */
    private static byte[] resealed(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void roundTrip_headerHoldsAliasAndArgs() throws IOException {
        StateFormat.Envelope e = StateFormat.read(new ByteArrayInputStream(state()));
        assertThat(e.alias()).isEqualTo(Z);
        assertThat(e.args()).containsEntry("z_threshold", 3.0);
        assertThat(e.payloadVersion()).isEqualTo(2);
        assertThat(e.payloadSize()).isEqualTo(24);
    }

    @Test
    void newerPayloadVersion_rejectedNamingModelAndVersions() throws IOException {
        byte[] b = state();
        ByteBuffer.wrap(b).putInt(payloadVersionOffset(b), 3);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(b))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("model '" + Z + "'").hasMessageContaining("payload version 3")
                .hasMessageContaining("reads versions 1 to 2").hasMessageContaining("newer");
        ByteBuffer.wrap(b).putInt(payloadVersionOffset(b), 0);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(b))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("payload version 0").hasMessageContaining("too old");
    }

    @Test
    void otherFormatVersion_rejected() throws IOException {
        byte[] b = state();
        ByteBuffer.wrap(b).putInt(4, 2);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(b))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("format version 2 is not supported").hasMessageContaining("reads format version 1");
    }

    @Test
    void truncatedStream_rejectedAtEveryLength() throws IOException {
        byte[] b = state();
        for (int n = 1; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> ModelStates.fromBytes(cut)).as("first %d bytes", n)
                    .isInstanceOf(ModelStateException.class).hasMessageMatching("(?s).*(truncated|fewer than 4).*");
        }
        assertThatThrownBy(() -> ModelStates.fromBytes(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void wrongMagic_rejected() throws IOException {
        byte[] b = state();
        b[0] = 'X';
        assertThatThrownBy(() -> ModelStates.fromBytes(b)).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("not a Vigil model state");
        assertThatThrownBy(() -> ModelStates.fromBytes("{\"model\":1}".getBytes()))
                .hasMessageContaining("not a Vigil model state");
    }

    @Test
    void flippedBit_rejectedByChecksum() throws IOException {
        byte[] b = state();
        for (int i = 12; i < b.length - 4; i++) {
            byte[] c = b.clone();
            c[i] ^= 0x10;
            assertThatThrownBy(() -> ModelStates.fromBytes(c)).as("bit flipped in byte %d", i)
                    .isInstanceOf(ModelStateException.class);
        }
    }

    @Test
    void payloadLongerThanTheCodecReads_rejected() throws IOException {
        // A payload with an extra byte (a wrong codec or version would leave bytes over).
        byte[] b = state();
        int at = payloadVersionOffset(b) + 4;
        int len = ByteBuffer.wrap(b, at, 4).getInt();
        ByteBuffer out = ByteBuffer.allocate(b.length + 1);
        out.put(b, 0, at).putInt(len + 1).put(b, at + 4, len).put((byte) 7).putInt(0);
        assertThatThrownBy(() -> ModelStates.fromBytes(resealed(out.array()))).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("1 bytes are left");
    }

    @Test
    void readIntoAnotherSpec_rejected() throws IOException {
        byte[] b = state();
        ModelSpec other = ModelRegistry.standard().create(Z, Map.of("z_threshold", 2));
        assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(b), other, ModelRegistry.standard()))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("z_threshold");
        ModelSpec mad = ModelRegistry.standard().create(M, Map.of());
        assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(b), mad, ModelRegistry.standard()))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("written for model '" + Z + "'");
        ModelSpec same = ModelRegistry.standard().create(Z, Map.of("z_threshold", "3"));
        assertThat(ModelStates.read(new ByteArrayInputStream(b), same, ModelRegistry.standard()).spec()).isSameAs(same);
    }

    @Test
    void compactState_readOnlyWithItsSpec() throws IOException {
        FittedModel m = fitted(Z, Map.of("z_threshold", 3));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ModelStates.writeCompact(m, out, ModelRegistry.standard());
        byte[] compact = out.toByteArray();
        assertThat(compact.length).isLessThan(state().length - 200);
        StateFormat.Envelope e = StateFormat.read(new ByteArrayInputStream(compact));
        assertThat(e.hasArgs()).isFalse();
        assertThat(e.argsFingerprint()).isEqualTo(StateFormat.fingerprint(m.spec().resolvedArgs()));
        ModelSpec same = ModelRegistry.standard().create(Z, Map.of("z_threshold", 3.0));
        FittedModel back = ModelStates.read(new ByteArrayInputStream(compact), same, ModelRegistry.standard());
        assertThat(ModelStates.toBytes(back)).isEqualTo(state());
        assertThatThrownBy(() -> ModelStates.fromBytes(compact)).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("compact");
        ModelSpec other = ModelRegistry.standard().create(Z, Map.of("z_threshold", 3.5));
        assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(compact), other, ModelRegistry.standard()))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("fingerprints differ");
        // The fingerprint is remembered per spec instance: alternating specs never mixes them up.
        for (int i = 0; i < 3; i++) {
            assertThat(ModelStates.read(new ByteArrayInputStream(compact), same, ModelRegistry.standard()).spec())
                    .isSameAs(same);
            assertThatThrownBy(() -> ModelStates.read(new ByteArrayInputStream(compact), other,
                    ModelRegistry.standard())).isInstanceOf(ModelStateException.class);
            java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
            ModelStates.writeCompact(fitted(Z, Map.of("z_threshold", 3.5)), again, ModelRegistry.standard());
            assertThat(StateFormat.read(new ByteArrayInputStream(again.toByteArray())).argsFingerprint())
                    .isEqualTo(StateFormat.fingerprint(other.resolvedArgs()));
        }
    }

    @Test
    void modelWithoutCodec_cannotBeSaved() {
        ModelRegistry.Entry plain = ModelRegistry.standard().entry(M);
        ModelRegistry noCodec = ModelRegistry.standard().with(new ModelRegistry.Entry(M, plain.classPath(),
                plain.factory()));
        FittedModel m = fitted(M, Map.of());
        assertThatThrownBy(() -> ModelStates.write(m, new java.io.ByteArrayOutputStream(), noCodec))
                .isInstanceOf(ModelStateException.class).hasMessageContaining("model '" + M + "' does not support saving");
    }

    @Test
    void argumentsNoLongerValid_rejected() throws IOException {
        // A state whose stored argument is refused today (as if the argument had been removed).
        byte[] b = state();
        StateFormat.Envelope e = StateFormat.read(new ByteArrayInputStream(b));
        Map<String, Object> args = new LinkedHashMap<>(e.args());
        args.put("z_treshold", 3.0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StateFormat.write(out, Z, args, false, ModelRegistry.standard().entry(Z).codec(), fitted(Z,
                Map.of("z_threshold", 3)));
        assertThatThrownBy(() -> ModelStates.fromBytes(out.toByteArray())).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("no longer accepts").hasMessageContaining("z_treshold");
    }

    @Test
    @SuppressWarnings("unchecked")
    void values_roundTripWithTheirTypes() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 3);
        m.put("l", 1L << 40);
        m.put("d", -0.0);
        m.put("nan", Double.NaN);
        m.put("s", "ünï");
        m.put("b", true);
        m.put("n", null);
        m.put("list", Arrays.asList(1, "x", null, List.of(2.5)));
        m.put("map", Map.of("k", false));
        StateWriter w = new StateWriter();
        w.writeValue(m);
        Object back = new StateReader(w.toByteArray(), "test").readValue();
        assertThat(back).isEqualTo(m);
        assertThat(StateFormat.argumentDifferences(m, (Map<String, ?>) back)).isEmpty();
        assertThatThrownBy(() -> new StateWriter().writeValue(new Object())).isInstanceOf(ModelStateException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void corruptLengths_failWithoutHugeAllocations() {
        StateReader r = new StateReader(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}, "test");
        assertThatThrownBy(r::readDoubles).isInstanceOf(ModelStateException.class).hasMessageContaining("exceeds");
    }
}

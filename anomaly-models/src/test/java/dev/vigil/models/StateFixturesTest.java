package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * States written by earlier builds, one per model and payload version, kept as files: a state of a
 * codec's current version must load and save back to the very same bytes (a payload layout changed
 * without a version bump fails here), and a state of an older version must load or be refused as too
 * old, never be read as another model. A registered model without a fixture of its current version
 * fails; run with {@code -Dvigil.writeStateFixtures=true} to write the missing ones (existing files are
 * never overwritten).
 */
class StateFixturesTest {

    private static final String DIR = "dev/vigil/models/state/fixtures/";

    /**
     * The fixture file names of the offline z-score and MAD: the aliases {@code zscore} and {@code mad}
     * they were saved under before those aliases meant the online models (vmanomaly v1.28.4), so these
     * fixtures also show that such states still load as the offline models.
     */
    private static final Map<String, String> FILE_NAMES = Map.of(
            "model.zscore.ZscoreModel", "zscore", "model.mad.MADModel", "mad");

    static Stream<String> aliases() {
        // peer models score groups of series, never one series: their contract is the runner's peer stage
        return ModelRegistry.standard().supportedModels().stream().filter(a -> ModelRegistry.standard().descriptor(a).topology() != ModelDescriptor.Topology.PEER);
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void everyPayloadVersion_loadsOrIsRefusedAsTooOld(String alias) throws IOException {
        StateCodec codec = ModelRegistry.standard().entry(alias).codec();
        assertThat(codec).as("state codec of %s", alias).isNotNull();
        if (Boolean.getBoolean("vigil.writeStateFixtures")) {
            writeFixture(alias, codec.version());
        }
        for (int v = 1; v <= codec.version(); v++) {
            byte[] state = fixture(alias, v);
            if (state == null) {
                if (v == codec.version()) {
                    fail("no state fixture " + DIR + alias + ".v" + v + ".state: run this test with"
                            + " -Dvigil.writeStateFixtures=true to write it");
                }
                continue;
            }
            if (v < codec.oldestReadable()) {
                assertThatThrownBy(() -> ModelStates.fromBytes(state)).as("%s v%d", alias, v)
                        .isInstanceOf(ModelStateException.class).hasMessageContaining("too old");
                continue;
            }
            FittedModel m = ModelStates.fromBytes(state);
            assertThat(m.spec().alias()).isEqualTo(alias);
            assertThat(m.infer(sample()).size()).isEqualTo(sample().size());
            if (v == codec.version()) {
                // The payload, not the header: arguments added to a model since change the header only.
                assertThat(payload(ModelStates.toBytes(m))).as("%s: a state of the current payload version %d saves"
                        + " back to the same payload (changed its layout? bump the codec's version)", alias, v)
                        .isEqualTo(payload(state));
            }
        }
    }

    /** The payload version and payload of a state (envelope layout in docs/model-state.md). */
    private static byte[] payload(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int at = 12 + b.getInt(8);
        int length = b.getInt(at + 4);
        return Arrays.copyOfRange(state, at, at + 8 + length);
    }

    private static Series sample() {
        return ModelStateTest.series(99).slice(ModelStateTest.FIT, ModelStateTest.N);
    }

    private static byte[] fixture(String alias, int version) throws IOException {
        String name = DIR + FILE_NAMES.getOrDefault(alias, alias) + ".v" + version + ".state";
        try (InputStream in = StateFixturesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        // Just written by writeFixture, not copied to the class path yet.
        Path file = Path.of("src/test/resources", name);
        return Files.exists(file) ? Files.readAllBytes(file) : null;
    }

    /** Writes the fixture of the current version from the model's first argument set, if missing. */
    private static void writeFixture(String alias, int version) throws IOException {
        Path file = Path.of("src/test/resources", DIR, FILE_NAMES.getOrDefault(alias, alias) + ".v" + version + ".state");
        if (Files.exists(file)) {
            return;
        }
        Map<String, Object> args = ModelStateTest.CASES.get(alias).get(0);
        Series s = ModelStateTest.series(alias.length());
        FittedModel m = ModelRegistry.standard().create(alias, args).fit(s.slice(0, ModelStateTest.FIT));
        if (m instanceof OnlineModel o) {
            // Mid-stream: digests with buffered points, rings that have turned.
            o.inferAndUpdate(s.slice(ModelStateTest.FIT, ModelStateTest.FIT + 100));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, ModelStates.toBytes(m));
    }
}

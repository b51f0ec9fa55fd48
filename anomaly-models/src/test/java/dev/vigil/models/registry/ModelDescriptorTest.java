package dev.vigil.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The descriptors are the one list of each model's arguments: the registry refuses other keys, and
 * here every supported model is built with its defaults and with each declared default given
 * explicitly, so that a declared default the factory does not use, or an argument it reads that is
 * not declared, fails.
 */
class ModelDescriptorTest {

    static final ModelRegistry REG = ModelRegistry.standard();

    static Stream<String> supported() {
        return REG.supportedModels().stream();
    }

    @Test
    void descriptors_everyAliasAndRegisteredName_listedOnce() {
        List<String> names = REG.descriptors().stream().map(ModelDescriptor::alias).toList();
        assertThat(names).doesNotHaveDuplicates().containsAll(REG.aliases()).containsAll(REG.supportedModels());
        assertThat(REG.descriptor("zscore").redirectTo()).isEqualTo("zscore_online");
        assertThat(REG.descriptor("zscore").classPath()).isEqualTo("model.online.OnlineZscoreModel");
        assertThat(REG.descriptor("peer_outlier").topology()).isEqualTo(ModelDescriptor.Topology.PEER);
        assertThat(REG.descriptor("isolation_forest_multivariate").topology())
                .isEqualTo(ModelDescriptor.Topology.MULTIVARIATE);
    }

    @ParameterizedTest
    @MethodSource("supported")
    void descriptor_supportedModel_describedWithCommonArgsAndOnlineFlagOfItsSpec(String alias) {
        ModelDescriptor d = REG.descriptor(alias);
        assertThat(d.supported()).isTrue();
        assertThat(d.args()).as("args of %s", alias).isNotEmpty();
        assertThat(d.args()).extracting(ArgDescriptor::name).doesNotHaveDuplicates()
                .containsAll(ArgDescriptor.common().stream().map(ArgDescriptor::name).toList());
        ModelSpec spec = REG.create(alias, Map.of());
        assertThat(d.online()).as("online flag of %s", alias).isEqualTo(spec.isOnline());
        assertThat(d.args()).allSatisfy(a -> assertThat(a.required()).as("%s.%s", alias, a.name()).isFalse());
    }

    @ParameterizedTest
    @MethodSource("supported")
    void create_noArgs_resolvedArgsAreDeclaredWithDeclaredDefaults(String alias) {
        ModelDescriptor d = REG.descriptor(alias);
        Map<String, Object> resolved = REG.create(alias, Map.of()).resolvedArgs();
        Set<String> declared = d.args().stream().map(ArgDescriptor::name).collect(Collectors.toSet());
        assertThat(declared).as("declared args of %s", alias).containsAll(resolved.keySet());
        resolved.forEach((k, v) -> {
            if (k.equals("provide_series")) {
                return; // its default depends on the model's outputs, documented as such
            }
            assertSameValue(alias + "." + k, d.arg(k).defaultValue(), v);
        });
    }

    @ParameterizedTest
    @MethodSource("supported")
    void create_eachDeclaredDefaultGivenExplicitly_accepted(String alias) {
        for (ArgDescriptor a : REG.descriptor(alias).args()) {
            if (a.nested() || a.defaultValue() == null) {
                continue;
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put(a.name(), a.defaultValue());
            ModelSpec spec = REG.create(alias, args);
            assertSameValue(alias + "." + a.name(), a.defaultValue(), spec.resolvedArgs().get(a.name()));
        }
    }

    @ParameterizedTest
    @MethodSource("supported")
    void create_nestedDeclaredDefaults_accepted(String alias) {
        Map<String, Object> nested = new LinkedHashMap<>();
        for (ArgDescriptor a : REG.descriptor(alias).args()) {
            if (a.nested() && a.defaultValue() != null && !(a.defaultValue() instanceof List)) {
                nested.put(a.name().substring(a.name().indexOf('.') + 1), a.defaultValue());
            }
        }
        if (!nested.isEmpty()) {
            assertThat(REG.create(alias, Map.of("args", nested))).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("supported")
    void create_unknownKey_rejectedNamingItAndTheNearestArg(String alias) {
        String real = REG.descriptor(alias).args().get(0).name();
        String typo = real + "x";
        assertThatThrownBy(() -> REG.create(alias, Map.of(typo, 1)))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("unknown argument '" + typo + "'")
                .hasMessageContaining("did you mean '" + real + "'");
    }

    @Test
    void entry_withoutDescriptors_factoryStillValidates() {
        ModelRegistry reg = REG.with(new ModelRegistry.Entry("plain", "model.plain.Plain",
                a -> REG.create("zscore_online", Map.of())));
        assertThat(reg.descriptor("plain").args()).isEmpty();
        assertThatThrownBy(() -> reg.create("plain", Map.of("nope", 1))).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void create_keyTheFactoryReadsButDoesNotDeclare_rejected() {
        // A factory that reads 'extra' without declaring it: the registry refuses the key, so what
        // 'vigil models' lists is all a configuration can use.
        ModelRegistry reg = REG.with(new ModelRegistry.Entry("drifted", "model.drifted.Drifted", a -> {
            a.number("extra", 1.0);
            return dev.vigil.models.zscore.ZscoreModels.online(a);
        }, null, true, dev.vigil.models.zscore.ZscoreModels.ONLINE_ARGS));
        assertThat(reg.create("drifted", Map.of("z_threshold", 3)).resolvedArgs()).containsKey("extra");
        assertThatThrownBy(() -> reg.create("drifted", Map.of("extra", 2))).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("unknown argument 'extra'");
    }

    static void assertSameValue(String what, Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            assertThat(a.doubleValue()).as(what).isCloseTo(e.doubleValue(), within(0.0));
        } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
            assertThat(a).as(what).hasSameSizeAs(e);
            for (int i = 0; i < e.size(); i++) {
                assertSameValue(what + "[" + i + "]", e.get(i), a.get(i));
            }
        } else {
            assertThat(String.valueOf(actual)).as(what).isEqualTo(String.valueOf(expected));
        }
    }
}

package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ModelConfigException#argument()} names the failing argument without parsing the message. */
class ModelConfigExceptionTest {

    private static ModelConfigException refused(String model, Map<String, ?> args) {
        try {
            ModelRegistry.standard().create(model, args);
        } catch (ModelConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ModelConfigException");
    }

    @Test
    void badValue_namesItsArgument() {
        ModelConfigException e = refused("zscore", Map.of("z_threshold", "high"));
        assertThat(e.argument()).isEqualTo("z_threshold");
        assertThat(e.getMessage()).contains("argument 'z_threshold'", "\"high\"");
    }

    @Test
    void unknownArguments_nameTheFirst() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("z_treshold", 3);
        args.put("decy", 1);
        ModelConfigException e = refused("zscore_online", args);
        assertThat(e.argument()).isEqualTo("z_treshold");
        assertThat(e.getMessage()).contains("'z_treshold'", "'decy'");
    }

    @Test
    void detectionDirection_isNamedAndItsMessageUnchanged() {
        ModelConfigException e = refused("zscore", Map.of("detection_direction", "sideways"));
        assertThat(e.argument()).isEqualTo("detection_direction");
        assertThat(e.getMessage()).startsWith("model 'zscore_online': detection_direction must be one of");
    }

    @Test
    void failureOfNoSingleArgument_hasNone() {
        assertThat(refused("no_such_model", Map.of()).argument()).isNull();
        assertThat(new ModelArgs("m", Map.of()).error("x", "is wrong").argument()).isEqualTo("x");
        assertThat(new ModelConfigException("plain").argument()).isNull();
    }
}

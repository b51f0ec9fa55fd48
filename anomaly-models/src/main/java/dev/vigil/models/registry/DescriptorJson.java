package dev.vigil.models.registry;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ModelDescriptor} as plain maps and lists (any JSON writer serialises them):
 * what {@code vigil models --json} prints and the server's {@code /api/v1/models} serves, one
 * implementation for both. Field names are snake case, as vmanomaly's configuration keys are.
 * Stateless and thread-safe.
 */
public final class DescriptorJson {

    private DescriptorJson() {
    }

    /** {@code {alias, class, topology, online, supported, redirect_to, args: [{name, type, default, required, doc}]}}. */
    public static Map<String, Object> of(ModelDescriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", d.alias());
        m.put("class", d.classPath());
        m.put("topology", d.topology().jsonName());
        m.put("online", d.online());
        m.put("supported", d.supported());
        m.put("redirect_to", d.redirectTo());
        List<Map<String, Object>> args = new ArrayList<>();
        for (ArgDescriptor a : d.args()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", a.name());
            x.put("type", a.type().jsonName());
            x.put("default", value(a.defaultValue()));
            x.put("required", a.required());
            x.put("doc", a.doc());
            args.add(x);
        }
        m.put("args", args);
        return m;
    }

    /** Infinite defaults as the text the argument parser reads ({@code inf}, {@code -inf}): JSON has no infinity. */
    public static Object value(Object v) {
        if (v instanceof Double d && d.isInfinite()) {
            return d > 0 ? "inf" : "-inf";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(DescriptorJson::value).toList();
        }
        return v;
    }
}

package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validates the {@code monitoring} section into a {@link MonitoringConfig}. Stateless and thread-safe. */
final class MonitoringSection {

    private MonitoringSection() {
    }

    /** The monitoring at {@code node}; neither part when absent, null or not a mapping (an error). */
    static MonitoringConfig validate(Diagnostics diag, Node node) {
        Fields f = node == null || node.isNull() ? null : Fields.of(diag, "monitoring", node, Section.MONITORING);
        if (f == null) {
            return new MonitoringConfig(null, null);
        }
        f.checkKeys();
        return new MonitoringConfig(pull(f), push(f));
    }

    /** {@code pull}; written with no value, every default. */
    private static MonitoringConfig.Pull pull(Fields monitoring) {
        Node pn = monitoring.get("pull");
        if (pn == null) {
            return null;
        }
        Fields p = pn.isNull()
                ? Fields.of(monitoring.diagnostics(), monitoring.pathOf("pull"), pn, Map.of(), Section.PULL)
                : monitoring.section("pull", Section.PULL);
        if (p == null) {
            return null;
        }
        p.checkKeys();
        long port = p.integer("port");
        if (port < 0 || port > 65535) {
            p.error("port", "must be a TCP port in [0, 65535], got " + port);
        }
        return new MonitoringConfig.Pull(p.string("addr"), (int) port);
    }

    private static MonitoringConfig.Push push(Fields monitoring) {
        Fields p = monitoring.section("push", Section.PUSH);
        if (p == null) {
            return null;
        }
        p.checkKeys();
        String url = p.string("url");
        p.require("url", " (e.g. http://localhost:8428)");
        Node pf = p.get("push_frequency");
        Duration freq = pf != null && "".equals(pf.value()) ? null : p.duration("push_frequency", true);
        p.noEffect("health_path", "deprecated in vmanomaly; metrics are pushed to url directly");
        Map<String, String> extra = new LinkedHashMap<>();
        Fields el = p.section("extra_labels", null);
        if (el != null) {
            el.map().forEach((k, v) -> extra.put(k, String.valueOf(v.value())));
        }
        return new MonitoringConfig.Push(url, p.string("tenant_id"), p.auth(), p.duration("timeout", true), freq,
                Collections.unmodifiableMap(extra));
    }
}

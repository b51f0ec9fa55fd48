package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.EXTRA_LABELS;
import static dev.vigil.runner.config.ConfigKeys.PULL_ADDR;
import static dev.vigil.runner.config.ConfigKeys.PULL_PORT;
import static dev.vigil.runner.config.ConfigKeys.PULL_SECTION;
import static dev.vigil.runner.config.ConfigKeys.PUSH_AUTH;
import static dev.vigil.runner.config.ConfigKeys.PUSH_FREQUENCY;
import static dev.vigil.runner.config.ConfigKeys.PUSH_SECTION;
import static dev.vigil.runner.config.ConfigKeys.PUSH_TENANT;
import static dev.vigil.runner.config.ConfigKeys.PUSH_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.PUSH_URL;

import dev.vigil.runner.config.ConfigKey.Section;
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
        Fields f = node == null || node.isNull() ? null : Fields.of(diag, "monitoring", node);
        if (f == null) {
            return new MonitoringConfig(null, null);
        }
        f.checkKeys(Section.MONITORING);
        return new MonitoringConfig(pull(f), push(f));
    }

    /** {@code pull}; written with no value, every default. */
    private static MonitoringConfig.Pull pull(Fields monitoring) {
        Node pn = monitoring.get(PULL_SECTION);
        if (pn == null) {
            return null;
        }
        Fields p = pn.isNull() ? Fields.of(monitoring.diagnostics(), monitoring.pathOf(PULL_SECTION), pn, Map.of())
                : monitoring.section(PULL_SECTION);
        if (p == null) {
            return null;
        }
        p.checkKeys(Section.PULL);
        long port = p.integer(PULL_PORT);
        if (port < 0 || port > 65535) {
            p.error(PULL_PORT, "must be a TCP port in [0, 65535], got " + port);
        }
        return new MonitoringConfig.Pull(p.string(PULL_ADDR), (int) port);
    }

    private static MonitoringConfig.Push push(Fields monitoring) {
        Fields p = monitoring.section(PUSH_SECTION);
        if (p == null) {
            return null;
        }
        p.checkKeys(Section.PUSH);
        String url = p.string(PUSH_URL);
        p.require(PUSH_URL, " (e.g. http://localhost:8428)");
        Node pf = p.get(PUSH_FREQUENCY);
        Duration freq = pf != null && "".equals(pf.value()) ? null : p.duration(PUSH_FREQUENCY, true);
        Map<String, String> extra = new LinkedHashMap<>();
        Fields el = p.section(EXTRA_LABELS);
        if (el != null) {
            el.map().forEach((k, v) -> extra.put(k, String.valueOf(v.value())));
        }
        return new MonitoringConfig.Push(url, p.string(PUSH_TENANT), p.auth(PUSH_AUTH), p.duration(PUSH_TIMEOUT, true),
                freq, Collections.unmodifiableMap(extra));
    }
}

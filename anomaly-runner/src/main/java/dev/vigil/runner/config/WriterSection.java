package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.BATCH_MAX_BYTES;
import static dev.vigil.runner.config.ConfigKeys.BATCH_MAX_SERIES;
import static dev.vigil.runner.config.ConfigKeys.IMPORT_PATH;
import static dev.vigil.runner.config.ConfigKeys.METRIC_FORMAT;
import static dev.vigil.runner.config.ConfigKeys.REPORT;
import static dev.vigil.runner.config.ConfigKeys.RETRIES;
import static dev.vigil.runner.config.ConfigKeys.WRITER_AUTH;
import static dev.vigil.runner.config.ConfigKeys.WRITER_CLASS;
import static dev.vigil.runner.config.ConfigKeys.WRITER_PATH;
import static dev.vigil.runner.config.ConfigKeys.WRITER_TENANT;
import static dev.vigil.runner.config.ConfigKeys.WRITER_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.WRITER_URL;

import dev.vigil.runner.config.ConfigKey.Section;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates the {@code writer} section into a {@link WriterConfig}; for {@code class: vm} it also
 * builds the client's writer settings, so that a malformed URL, tenant or credential is reported with
 * its YAML line. Stateless and thread-safe.
 */
final class WriterSection {

    /** Every accepted spelling of {@code writer.class} to its canonical class. */
    static final Map<String, String> CLASSES = Map.of(
            "vm", "vm", "writer.vm.VmWriter", "vm", "file", "file", "writer.file.FileWriter", "file");

    private WriterSection() {
    }

    /** The writer at {@code node} (present), or {@code null} when it has errors (they are recorded). */
    static WriterConfig validate(Diagnostics diag, Node node) {
        Fields f = Fields.of(diag, "writer", node);
        if (f == null) {
            return null;
        }
        int errorsBefore = diag.errorCount();
        String kind = f.classOf(WRITER_CLASS, CLASSES);
        f.checkKeys(Section.WRITER);
        f.refuseIf(WRITER_TENANT, "multitenant"::equals, "tenant_id: multitenant");
        boolean file = "file".equals(kind);
        String url = f.string(WRITER_URL);
        Path path = null;
        if (file) {
            String p = f.string(WRITER_PATH);
            if (p == null) {
                f.error(WRITER_PATH.name(), f.node(), "the file writer needs 'path' (.csv, or .jsonl for"
                        + " VictoriaMetrics JSON lines)");
            } else {
                path = Path.of(p);
            }
        } else {
            f.require(WRITER_URL, " (e.g. http://localhost:8428)");
        }
        Path report = report(f, file, path);
        Map<String, String> format = metricFormat(f);
        Duration timeout = f.duration(WRITER_TIMEOUT, true);
        int retries = (int) f.atLeast(RETRIES, 0);
        int batchSeries = (int) f.atLeast(BATCH_MAX_SERIES, 1);
        long batchBytes = f.atLeast(BATCH_MAX_BYTES, 1);
        String importPath = importPath(f);
        Auth auth = f.auth(WRITER_AUTH);
        if (kind == null || diag.errorCount() > errorsBefore) {
            return null;
        }
        dev.vigil.vm.WriterConfig client = null;
        if (!file) {
            client = ClientSettings.build(f, () -> dev.vigil.vm.WriterConfig.builder(
                            ClientSettings.http(url, f.string(WRITER_TENANT), auth, timeout))
                    .metricFormat(format).connectionRetryAttempts(retries).batchMaxSeries(batchSeries)
                    .batchMaxBytes(batchBytes).importPath(importPath).build());
            if (client == null) {
                return null;
            }
        }
        return new WriterConfig(kind, file ? null : url, format, path, report, client);
    }

    /** {@code report}: the file writer's HTML report, at a path of its own. */
    private static Path report(Fields f, boolean file, Path path) {
        String rp = f.string(REPORT);
        if (rp == null) {
            return null;
        }
        if (!file) {
            f.error(REPORT, "the HTML report is written by the file writer only (class: file); with"
                    + " VictoriaMetrics, plot the outputs in Grafana (deploy/docker/grafana)");
            return null;
        }
        if (rp.isBlank()) {
            f.error(REPORT, "must be a file path (e.g. target/report.html)");
            return null;
        }
        Path report = Path.of(rp);
        if (path != null && report.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
            f.error(REPORT, "must differ from " + f.pathOf(WRITER_PATH) + " (" + path + ")");
        }
        return report;
    }

    /** {@code metric_format}: the default template with the section's entries laid over it. */
    private static Map<String, String> metricFormat(Fields f) {
        Map<String, String> format = new LinkedHashMap<>(dev.vigil.vm.WriterConfig.DEFAULT_METRIC_FORMAT);
        Fields mf = f.section(METRIC_FORMAT);
        if (mf != null) {
            mf.map().forEach((k, v) -> format.put(k, String.valueOf(v.value())));
            String name = format.get("__name__");
            if (!name.contains("$VAR")) {
                mf.error("__name__", mf.map().getOrDefault("__name__", mf.node()),
                        "must contain $VAR (the output series name), got \"" + name + "\"");
            }
        }
        return Collections.unmodifiableMap(format);
    }

    /** {@code import_json_path}: a path starting with '/', deprecated in vmanomaly (a warning). */
    private static String importPath(Fields f) {
        String v = f.string(IMPORT_PATH, null);
        if (v == null) {
            return IMPORT_PATH.defaultValue();
        }
        if (!v.startsWith("/")) {
            f.error(IMPORT_PATH, "must start with '/', got \"" + v + "\"");
            return IMPORT_PATH.defaultValue();
        }
        f.warn(f.pathOf(IMPORT_PATH) + " is deprecated in vmanomaly (since v1.19.2); writing to " + v);
        return v;
    }
}

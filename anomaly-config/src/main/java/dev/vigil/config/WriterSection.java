package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
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

    /** The import endpoint when {@code import_json_path} is not set. */
    static final String IMPORT_PATH = ConfigKeys.get(Section.WRITER, "import_json_path").defaultValue();

    private WriterSection() {
    }

    /** The writer at {@code node} (present), or {@code null} when it has errors (they are recorded). */
    static WriterConfig validate(Diagnostics diag, Node node) {
        Fields f = Fields.of(diag, "writer", node, Section.WRITER);
        if (f == null) {
            return null;
        }
        int errorsBefore = diag.errorCount();
        String kind = f.classOf(CLASSES);
        f.checkKeys();
        boolean file = "file".equals(kind);
        String url = f.string("datasource_url");
        Path path = f.target(file, "the file writer needs 'path' (.csv, or .jsonl for VictoriaMetrics JSON lines)");
        Path report = report(f, file, path);
        Path reportLabels = reportLabels(f);
        Map<String, String> format = metricFormat(f);
        Duration timeout = f.duration("timeout", true);
        int retries = f.count("connection_retry_attempts", 0);
        int batchSeries = f.count("batch_max_series", 1);
        long batchBytes = f.atLeast("batch_max_bytes", 1);
        String importPath = importPath(f);
        Auth auth = f.auth();
        f.noEffect("health_path", "legacy in vmanomaly; writes go to the import endpoint, where a failure is"
                + " retried and counted");
        f.noEffect("metric_prefix_cache_max_entries", "output names and labels are built per write, with no"
                + " cache to bound");
        if (kind == null || diag.errorCount() > errorsBefore) {
            return null;
        }
        dev.vigil.vm.WriterConfig client = null;
        if (!file) {
            client = f.client(() -> dev.vigil.vm.WriterConfig.builder(auth.http(url, f.string("tenant_id"), timeout))
                    .metricFormat(format).connectionRetryAttempts(retries).batchMaxSeries(batchSeries)
                    .batchMaxBytes(batchBytes).importPath(importPath).build());
            if (client == null) {
                return null;
            }
        }
        return new WriterConfig(file ? null : url, format, path, report, reportLabels, client);
    }

    /** {@code report}: the file writer's HTML report, at a path of its own. */
    private static Path report(Fields f, boolean file, Path path) {
        String rp = f.string("report");
        if (rp == null) {
            return null;
        }
        if (!file) {
            f.error("report", "the HTML report is written by the file writer only (class: file); with"
                    + " VictoriaMetrics, plot the outputs in Grafana (deploy/docker/grafana)");
            return null;
        }
        if (rp.isBlank()) {
            f.error("report", "must be a file path (e.g. target/report.html)");
            return null;
        }
        Path report = Path.of(rp);
        if (path != null && report.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
            f.error("report", "must differ from " + f.pathOf("path") + " (" + path + ")");
        }
        return report;
    }

    /**
     * {@code report_labels} (Vigil only): a NAB-style windows JSON whose windows the report shades and
     * counts; read when the writer opens (a missing or malformed file stops the runner at start).
     */
    private static Path reportLabels(Fields f) {
        String rl = f.string("report_labels");
        if (rl == null) {
            return null;
        }
        if (f.string("report") == null) {
            f.error("report_labels", "labels are shown in the HTML report only: set " + f.pathOf("report") + " too");
            return null;
        }
        if (rl.isBlank()) {
            f.error("report_labels", "must be a file path (a windows JSON such as NAB's labels/combined_windows.json)");
            return null;
        }
        // Like reader.path, the file is read (and a missing one reported) when the runner opens it, so
        // that a config validates from any directory.
        return Path.of(rl);
    }

    /** {@code metric_format}: the default template with the section's entries laid over it. */
    private static Map<String, String> metricFormat(Fields f) {
        Map<String, String> format = new LinkedHashMap<>(dev.vigil.vm.WriterConfig.DEFAULT_METRIC_FORMAT);
        Fields mf = f.section("metric_format", null);
        if (mf != null) {
            mf.map().forEach((k, v) -> format.put(k, String.valueOf(v.value())));
            String name = format.get("__name__");
            if (!name.contains("$VAR")) {
                mf.error("__name__", mf.map().get("__name__"), "must contain $VAR (the output series name), got \""
                        + name + "\"");
            }
        }
        return Collections.unmodifiableMap(format);
    }

    /** {@code import_json_path}: a path starting with '/', deprecated in vmanomaly (a warning). */
    private static String importPath(Fields f) {
        String v = f.string("import_json_path", null);
        if (v == null) {
            return IMPORT_PATH;
        }
        if (!v.startsWith("/")) {
            f.error("import_json_path", "must start with '/', got \"" + v + "\"");
            return IMPORT_PATH;
        }
        f.warn(f.pathOf("import_json_path") + " is deprecated in vmanomaly (since v1.19.2); writing to " + v);
        return v;
    }
}

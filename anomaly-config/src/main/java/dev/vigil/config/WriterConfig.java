package dev.vigil.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated {@code writer} section: VictoriaMetrics' {@code /api/v1/import}, written by the client
 * configured by {@code client}, or (no {@code client}) a file: CSV, or VictoriaMetrics JSON lines when
 * {@code path} ends in {@code .json}/{@code .jsonl}. Immutable and thread-safe.
 *
 * @param datasourceUrl {@code datasource_url} as written ({@code vm}; {@code null} for {@code file}), for
 *     the {@code url} label of the metrics and the logs once its credentials are removed
 * @param metricFormat output naming template: {@code __name__} (with {@code $VAR}), {@code for}
 *     (with {@code $QUERY_KEY}) and static labels; the file writer's, and the one {@code client} holds
 * @param path the file writer's output, {@code null} for {@code vm}
 * @param report the file writer's HTML report ({@code report}), or {@code null} for none
 * @param reportLabels labelled windows shaded and counted in that report ({@code report_labels}, a
 *     NAB-style windows JSON; Vigil only), or {@code null} for none
 * @param client the VictoriaMetrics client's writer settings (connection, {@code metric_format},
 *     {@code connection_retry_attempts}, {@code batch_max_series}, {@code batch_max_bytes},
 *     {@code import_json_path}), {@code null} for {@code file}
 */
public record WriterConfig(String datasourceUrl, Map<String, String> metricFormat, Path path, Path report,
                           Path reportLabels, dev.vigil.vm.WriterConfig client) {

    /** A writer without report labels. */
    public WriterConfig(String datasourceUrl, Map<String, String> metricFormat, Path path, Path report,
                        dev.vigil.vm.WriterConfig client) {
        this(datasourceUrl, metricFormat, path, report, null, client);
    }

    /** Copies the template, keeping its order. */
    public WriterConfig {
        metricFormat = Collections.unmodifiableMap(new LinkedHashMap<>(metricFormat));
    }

    /** The canonical {@code class}: {@code vm} (with client settings) or {@code file}. */
    public String kind() {
        return client == null ? "file" : "vm";
    }
}

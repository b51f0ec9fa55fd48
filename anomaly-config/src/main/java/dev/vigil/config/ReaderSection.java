package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Validates the {@code reader} section (its queries by {@link QuerySection}) into a
 * {@link ReaderConfig}; for {@code class: vm} it also builds the client's reader settings, so that a
 * malformed URL, tenant or credential is reported with its YAML line. Stateless and thread-safe.
 */
final class ReaderSection {

    /** Every accepted spelling of {@code reader.class} to its canonical class. */
    static final Map<String, String> CLASSES = Map.of(
            "vm", "vm", "reader.vm.VmReader", "vm", "file", "file", "reader.file.FileReader", "file",
            "vlogs", "vlogs", "reader.vlogs.VLogsReader", "vlogs");

    private ReaderSection() {
    }

    /**
     * The validated reader and its queries' YAML nodes.
     *
     * @param config the reader with every valid query (orphans are dropped later); {@code null} when the
     *     section has errors
     * @param queries every query's mapping by alias, valid or not: the aliases models may attach to,
     *     and where errors that models raise about a query-level policy are reported
     */
    record Result(ReaderConfig config, Map<String, Fields> queries) {
    }

    /** The reader at {@code node} (present), or {@code null} when it is not a mapping (errors are recorded). */
    static Result validate(Diagnostics diag, Node node) {
        Fields f = Fields.of(diag, "reader", node, Section.READER);
        if (f == null) {
            return null;
        }
        int errorsBefore = diag.errorCount();
        String kind = f.classOf(CLASSES);
        if ("vlogs".equals(kind)) {
            f.error("class", "the VictoriaLogs reader is not supported yet; use vm or file");
        }
        f.checkKeys();
        boolean file = "file".equals(kind);
        String url = f.string("datasource_url");
        Path path = f.target(file, "the file reader needs 'path' (a CSV or VictoriaMetrics JSON-lines file)");
        Duration sampling = f.duration("sampling_period", true);
        f.require("sampling_period", " (e.g. 1m): the step of the queries");
        QuerySection.Result queries = QuerySection.validate(f, sampling, !file);
        boolean fromLast = f.bool("query_from_last_seen_timestamp");
        Duration lookback = f.duration("query_last_seen_max_lookback", true);
        if (lookback != null && !fromLast) {
            f.warn(f.pathOf("query_last_seen_max_lookback") + " has no effect with query_from_last_seen_timestamp:"
                    + " false");
        }
        Duration timeout = f.duration("timeout", true);
        Duration fetchTimeout = f.duration("fetch_timeout", true);
        Duration latency = f.duration("latency_offset", false);
        String queryRangePath = f.string("query_range_path");
        List<String> filters = f.strings("extra_filters");
        int workers = f.count("workers", 0);
        int batch = f.count("series_processing_batch_size", 1);
        Auth auth = f.auth();
        f.noEffect("processing_timeout", "the response is parsed as it streams in, within fetch_timeout (else"
                + " timeout)");
        f.noEffect("health_path", "a deprecated no-op in vmanomaly since v1.8.0; the query endpoint itself is"
                + " what is read");
        if (kind == null || diag.errorCount() > errorsBefore) {
            return new Result(null, queries.fields());
        }
        dev.vigil.vm.ReaderConfig client = null;
        if (!file) {
            client = f.client(() -> {
                dev.vigil.vm.ReaderConfig.Builder b = dev.vigil.vm.ReaderConfig.builder(auth.http(url,
                                f.string("tenant_id"), fetchTimeout != null ? fetchTimeout : timeout))
                        .samplingPeriod(sampling).queryRangePath(queryRangePath).latencyOffset(latency)
                        .queryFromLastSeenTimestamp(fromLast);
                filters.forEach(b::extraFilter);
                if (workers > 0) {
                    b.workers(workers);
                }
                return b.build();
            });
            if (client == null) {
                return new Result(null, queries.fields());
            }
        }
        return new Result(new ReaderConfig(file ? null : url, path, client, sampling, timeout, fetchTimeout,
                queries.configs(), fromLast, lookback, batch), queries.fields());
    }
}

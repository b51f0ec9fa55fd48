package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.EXTRA_FILTERS;
import static dev.vigil.runner.config.ConfigKeys.FETCH_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.FROM_LAST_SEEN;
import static dev.vigil.runner.config.ConfigKeys.LAST_SEEN_MAX_LOOKBACK;
import static dev.vigil.runner.config.ConfigKeys.LATENCY_OFFSET;
import static dev.vigil.runner.config.ConfigKeys.QUERY_RANGE_PATH;
import static dev.vigil.runner.config.ConfigKeys.READER_AUTH;
import static dev.vigil.runner.config.ConfigKeys.READER_CLASS;
import static dev.vigil.runner.config.ConfigKeys.READER_PATH;
import static dev.vigil.runner.config.ConfigKeys.READER_TENANT;
import static dev.vigil.runner.config.ConfigKeys.READER_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.READER_URL;
import static dev.vigil.runner.config.ConfigKeys.SAMPLING_PERIOD;
import static dev.vigil.runner.config.ConfigKeys.SERIES_BATCH;
import static dev.vigil.runner.config.ConfigKeys.WORKERS;

import dev.vigil.runner.config.ConfigKey.Section;
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
        Fields f = Fields.of(diag, "reader", node);
        if (f == null) {
            return null;
        }
        int errorsBefore = diag.errorCount();
        String kind = f.classOf(READER_CLASS, CLASSES);
        if ("vlogs".equals(kind)) {
            f.error(READER_CLASS, "the VictoriaLogs reader is not supported yet; use vm or file");
        }
        f.checkKeys(Section.READER);
        f.refuseIf(READER_TENANT, "multitenant"::equals, "tenant_id: multitenant");
        boolean file = "file".equals(kind);
        String url = f.string(READER_URL);
        Path path = null;
        if (file) {
            String p = f.string(READER_PATH);
            if (p == null) {
                f.error(READER_PATH.name(), f.node(), "the file reader needs 'path' (a CSV or VictoriaMetrics"
                        + " JSON-lines file)");
            } else {
                path = Path.of(p);
            }
        } else {
            f.require(READER_URL, " (e.g. http://localhost:8428)");
        }
        Duration sampling = f.duration(SAMPLING_PERIOD, true);
        f.require(SAMPLING_PERIOD, " (e.g. 1m): the step of the queries");
        QuerySection.Result queries = QuerySection.validate(f, sampling, !file);
        Boolean fromLast = f.bool(FROM_LAST_SEEN);
        Duration lookback = f.duration(LAST_SEEN_MAX_LOOKBACK, true);
        if (lookback != null && !Boolean.TRUE.equals(fromLast)) {
            f.warn(f.pathOf(LAST_SEEN_MAX_LOOKBACK) + " has no effect without " + FROM_LAST_SEEN.name() + ": true");
        }
        Duration timeout = f.duration(READER_TIMEOUT, true);
        Duration fetchTimeout = f.duration(FETCH_TIMEOUT, true);
        Duration latency = f.duration(LATENCY_OFFSET, false);
        String queryRangePath = f.string(QUERY_RANGE_PATH);
        List<String> filters = f.strings(EXTRA_FILTERS);
        int workers = (int) f.atLeast(WORKERS, 0);
        int batch = (int) f.atLeast(SERIES_BATCH, 1);
        Auth auth = f.auth(READER_AUTH);
        if (kind == null || diag.errorCount() > errorsBefore) {
            return new Result(null, queries.fields());
        }
        dev.vigil.vm.ReaderConfig client = null;
        if (!file) {
            client = ClientSettings.build(f, () -> {
                dev.vigil.vm.ReaderConfig.Builder b = dev.vigil.vm.ReaderConfig.builder(ClientSettings.http(url,
                                f.string(READER_TENANT), auth, fetchTimeout != null ? fetchTimeout : timeout))
                        .samplingPeriod(sampling).queryRangePath(queryRangePath).latencyOffset(latency)
                        .queryFromLastSeenTimestamp(Boolean.TRUE.equals(fromLast));
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
        return new Result(new ReaderConfig(kind, file ? null : url, path, client, sampling, timeout, fetchTimeout,
                queries.configs(), Boolean.TRUE.equals(fromLast), lookback, batch), queries.fields());
    }
}

package dev.vigil.runner.io;

import dev.vigil.runner.config.Auth;
import dev.vigil.runner.config.Durations;
import dev.vigil.runner.config.QueryConfig;
import dev.vigil.runner.config.ReaderConfig;
import dev.vigil.runner.config.WriterConfig;
import dev.vigil.vm.DataRange;
import dev.vigil.vm.HttpSettings;
import java.time.Duration;

/**
 * Maps the runner's validated {@code reader}/{@code writer} sections onto the anomaly-vm-client
 * configuration records, which check the connection keys (URL, tenant, TLS files) once more.
 * Stateless.
 *
 * @see dev.vigil.vm.ReaderConfig
 * @see dev.vigil.vm.WriterConfig
 */
public final class VmSettings {

    private VmSettings() {
    }

    /**
     * The client's connection settings of a section's URL, tenant, credentials and TLS keys.
     *
     * @throws dev.vigil.vm.VmConfigException naming the key at fault
     */
    public static HttpSettings http(String url, String tenantId, Auth auth, Duration timeout) {
        HttpSettings.Builder b = HttpSettings.builder(url).tenantId(tenantId).timeout(Durations.format(timeout));
        if (auth != null) {
            if (auth.user() != null || auth.password() != null) {
                b.basicAuth(auth.user(), auth.password());
            }
            b.bearerToken(auth.bearerToken()).bearerTokenFile(auth.bearerTokenFile());
            if (auth.verifyTls() != null) {
                b.verifyTls(String.valueOf(auth.verifyTls()));
            }
            if (auth.tlsCertFile() != null || auth.tlsKeyFile() != null) {
                b.clientCertificate(auth.tlsCertFile(), auth.tlsKeyFile());
            }
        }
        return b.build();
    }

    /**
     * The URL without {@code user:password@}, for logs and the {@code url} metric label.
     */
    static String withoutCredentials(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    /** The client's reader settings of a {@code class: vm} reader section. */
    static dev.vigil.vm.ReaderConfig reader(ReaderConfig c) {
        dev.vigil.vm.ReaderConfig.Builder b = dev.vigil.vm.ReaderConfig.builder(
                        http(c.datasourceUrl(), c.tenantId(), c.auth(), c.requestTimeout()))
                .samplingPeriod(Durations.format(c.samplingPeriod()))
                .queryRangePath(c.queryRangePath())
                .latencyOffset(Durations.format(c.latencyOffset()))
                .queryFromLastSeenTimestamp(c.queryFromLastSeenTimestamp());
        c.extraFilters().forEach(b::extraFilter);
        if (c.workers() > 0) {
            b.workers(c.workers());
        }
        return b.build();
    }

    /** The client's query of a validated runner query (every reader default already applied). */
    static dev.vigil.vm.QueryConfig query(QueryConfig q) {
        dev.vigil.vm.QueryConfig.Builder b = dev.vigil.vm.QueryConfig.builder(q.alias(), q.expr())
                .step(Durations.format(q.step()))
                .offset(Durations.format(q.offset()))
                .tz(q.tz().getId())
                .dataRange(new DataRange(q.dataRangeLow(), q.dataRangeHigh()));
        if (q.tenantId() != null) {
            b.tenantId(q.tenantId());
        }
        if (q.maxPointsPerQuery() > 0) {
            b.maxPointsPerQuery(q.maxPointsPerQuery());
        }
        return b.build();
    }

    /** The client's writer settings of a {@code class: vm} writer section. */
    static dev.vigil.vm.WriterConfig writer(WriterConfig c) {
        return dev.vigil.vm.WriterConfig.builder(http(c.datasourceUrl(), c.tenantId(), c.auth(), c.timeout()))
                .metricFormat(c.metricFormat()).connectionRetryAttempts(c.connectionRetryAttempts())
                .batchMaxSeries(c.batchMaxSeries()).batchMaxBytes(c.batchMaxBytes()).importPath(c.importPath()).build();
    }
}

package dev.vigil.server;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.Tenant;
import dev.vigil.vm.VmConfigException;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The datasource a proxy request or a task reads: the {@code datasource_url} it names, else the
 * running reader's. With {@code use_reader_connection_settings} the reader's credentials and TLS come
 * along (the URL and tenant may still be the request's). Stateless apart from its context; thread-safe.
 */
final class Datasources {

    private final ServerContext ctx;
    /** The {@code server} section in force (a hot reload may change it). */
    private final Supplier<ServerConfig> settings;

    Datasources(ServerContext ctx, Supplier<ServerConfig> settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    /**
     * The connection settings for {@code url} ({@code null}: the reader's) and {@code tenantId}
     * ({@code null}: the reader's when its URL is used, else single-node).
     *
     * @param field the request field naming the URL, for errors
     * @throws ApiException 400 when no URL is given and none is configured, 422 for a bad URL or tenant
     */
    HttpSettings settings(String url, String tenantId, String field) {
        RunnerConfig running = ctx.running().get();
        HttpSettings reader = running == null || running.reader().client() == null ? null
                : running.reader().client().http();
        if (url == null && reader == null) {
            throw ApiException.badRequest(field, "'" + field + "' is required: the server has no reader to default to");
        }
        URI uri;
        try {
            uri = url == null ? reader.datasourceUrl() : URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "'" + field + "' is not a URL: \"" + url + "\"");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw ApiException.invalid(field, "'" + field + "' must be an http:// or https:// URL, got \"" + url + "\"");
        }
        Tenant tenant;
        try {
            tenant = tenantId != null ? Tenant.parse("tenant_id", tenantId)
                    : url == null ? reader.tenant() : Tenant.SINGLE;
        } catch (VmConfigException e) {
            throw ApiException.invalid("tenant_id", e.getMessage());
        }
        if (reader != null && (settings.get().useReaderConnectionSettings() || url == null)) {
            return new HttpSettings(uri, tenant, reader.user(), reader.password(), reader.bearerToken(),
                    reader.bearerTokenFile(), reader.verifyTls(), reader.caFile(), reader.tlsCertFile(),
                    reader.tlsKeyFile(), reader.timeout());
        }
        return new HttpSettings(uri, tenant, null, null, null, null, true, null, null, null, null);
    }
}

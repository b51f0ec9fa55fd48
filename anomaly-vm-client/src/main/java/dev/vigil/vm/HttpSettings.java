package dev.vigil.vm;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Connection settings shared by the reader and the writer (vmanomaly docs, Reader and Writer, v1.30):
 * {@code datasource_url},
 * {@code tenant_id}, {@code user}/{@code password}, {@code bearer_token}/{@code bearer_token_file},
 * {@code verify_tls}, {@code tls_cert_file}/{@code tls_key_file} and {@code timeout}. Immutable; build
 * with {@link #builder(String)}, which validates every key once.
 *
 * @param datasourceUrl   base URL without a trailing slash, e.g. {@code http://localhost:8428}
 * @param tenant          cluster tenant, {@link Tenant#SINGLE} for a single node
 * @param user            basic-auth user, or null
 * @param password        basic-auth password, or null (only with a user)
 * @param bearerToken     bearer token, or null
 * @param bearerTokenFile file holding the bearer token (read on every request, so it may rotate), or null
 * @param verifyTls       whether the server certificate (and host name) is verified
 * @param caFile          PEM CA bundle to verify against instead of the JDK trust store, or null
 * @param tlsCertFile     PEM client certificate chain for mTLS, or null
 * @param tlsKeyFile      PEM client private key (PKCS#8, or PKCS#1 RSA) for mTLS, or null
 * @param timeout         overall time for one logical request, retries included; null for the component
 *                        default (reader 30 s, writer 5 s, as vmanomaly)
 */
public record HttpSettings(URI datasourceUrl, Tenant tenant, String user, String password, String bearerToken,
                           Path bearerTokenFile, boolean verifyTls, Path caFile, Path tlsCertFile, Path tlsKeyFile,
                           Duration timeout) {

    /** Checks the cross-key rules (see {@link Builder#build()}). */
    public HttpSettings {
        if (datasourceUrl == null) {
            throw new VmConfigException("datasource_url", "'datasource_url' is required");
        }
        if (tenant == null) {
            tenant = Tenant.SINGLE;
        }
        if (password != null && user == null) {
            throw new VmConfigException("password", "'password' is set but 'user' is not");
        }
        if (bearerToken != null && bearerTokenFile != null) {
            throw new VmConfigException("bearer_token_file", "set only one of 'bearer_token' and 'bearer_token_file'");
        }
        if (user != null && (bearerToken != null || bearerTokenFile != null)) {
            throw new VmConfigException(bearerToken != null ? "bearer_token" : "bearer_token_file",
                    "set either 'user'/'password' or a bearer token, not both");
        }
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new VmConfigException(tlsCertFile == null ? "tls_key_file" : "tls_cert_file",
                    "'tls_cert_file' and 'tls_key_file' must be set together, got "
                    + (tlsCertFile == null ? "only 'tls_key_file'" : "only 'tls_cert_file'"));
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new VmConfigException("timeout", "'timeout' must be positive, got " + timeout);
        }
        for (Path p : new Path[] {bearerTokenFile, caFile, tlsCertFile, tlsKeyFile}) {
            if (p != null && !Files.isReadable(p)) {
                String key = keyOf(p, bearerTokenFile, caFile, tlsCertFile);
                throw new VmConfigException(key, "file '" + p + "' (from '" + key + "') does not exist or is not"
                        + " readable");
            }
        }
    }

    private static String keyOf(Path p, Path token, Path ca, Path cert) {
        if (p == token) {
            return "bearer_token_file";
        }
        if (p == ca) {
            return "verify_tls";
        }
        return p == cert ? "tls_cert_file" : "tls_key_file";
    }

    /** A builder for the given {@code datasource_url} with defaults: single node, no auth, verify TLS. */
    public static Builder builder(String datasourceUrl) {
        return new Builder(datasourceUrl);
    }

    /** The timeout, or {@code fallback} when none was set. */
    public Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }

    /** The URL with any user-info removed, for messages and metrics labels. */
    String safeUrl(String pathAndQuery) {
        return UrlCredentials.removed(datasourceUrl.toString()) + pathAndQuery;
    }

    /** Mutable builder; not thread-safe. Setters accept the vmanomaly YAML spellings. */
    public static final class Builder {
        private final String url;
        private String tenantId;
        private String user;
        private String password;
        private String bearerToken;
        private String bearerTokenFile;
        private String verifyTls = "true";
        private String tlsCertFile;
        private String tlsKeyFile;
        private Duration timeout;

        private Builder(String url) {
            this.url = url;
        }

        /** {@code tenant_id}: {@code accountID[:projectID]}, {@code multitenant}, or null for single node. */
        public Builder tenantId(String v) {
            tenantId = v;
            return this;
        }

        /** {@code user} and {@code password} (basic auth). */
        public Builder basicAuth(String u, String p) {
            user = u;
            password = p;
            return this;
        }

        /** {@code bearer_token}. */
        public Builder bearerToken(String v) {
            bearerToken = v;
            return this;
        }

        /** {@code bearer_token_file}. */
        public Builder bearerTokenFile(String v) {
            bearerTokenFile = v;
            return this;
        }

        /** {@code verify_tls}: {@code "true"}, {@code "false"}, or the path of a PEM CA bundle. */
        public Builder verifyTls(String v) {
            verifyTls = v;
            return this;
        }

        /** {@code tls_cert_file} and {@code tls_key_file} (mTLS). */
        public Builder clientCertificate(String certFile, String keyFile) {
            tlsCertFile = certFile;
            tlsKeyFile = keyFile;
            return this;
        }

        /** {@code timeout}; null for the component default. */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** Validates and builds. @throws VmConfigException naming the key at fault */
        public HttpSettings build() {
            if (url == null || url.isBlank()) {
                throw new VmConfigException("datasource_url", "'datasource_url' is required");
            }
            URI uri;
            try {
                String trimmed = url.trim();
                while (trimmed.endsWith("/")) {
                    trimmed = trimmed.substring(0, trimmed.length() - 1);
                }
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new VmConfigException("datasource_url", "'datasource_url' is not a valid URL: '" + url + "' ("
                        + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new VmConfigException("datasource_url",
                        "'datasource_url' must be an http:// or https:// URL with a host, got '" + url + "'");
            }
            String ui = uri.getUserInfo();
            String u = user;
            String p = password;
            if (ui != null && u == null) {
                int c = ui.indexOf(':');
                u = c < 0 ? ui : ui.substring(0, c);
                p = c < 0 ? null : ui.substring(c + 1);
            }
            if (ui != null) {
                try {
                    uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
                } catch (URISyntaxException e) {
                    throw new VmConfigException("datasource_url",
                            "'datasource_url' is not a valid URL (" + e.getReason() + ")");
                }
            }
            boolean verify;
            Path ca = null;
            String vt = verifyTls == null ? "true" : verifyTls.trim();
            if (vt.equalsIgnoreCase("true")) {
                verify = true;
            } else if (vt.equalsIgnoreCase("false")) {
                verify = false;
            } else if (!vt.isEmpty()) {
                verify = true;
                ca = Path.of(vt);
            } else {
                throw new VmConfigException("verify_tls",
                        "'verify_tls' must be true, false or a CA bundle path, got ''");
            }
            return new HttpSettings(uri, Tenant.parse("tenant_id", tenantId), u, p, bearerToken,
                    bearerTokenFile == null ? null : Path.of(bearerTokenFile), verify, ca,
                    tlsCertFile == null ? null : Path.of(tlsCertFile), tlsKeyFile == null ? null : Path.of(tlsKeyFile),
                    timeout);
        }
    }
}

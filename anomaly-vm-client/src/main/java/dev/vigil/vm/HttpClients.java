package dev.vigil.vm;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@link HttpClient}s set up from {@link HttpSettings}: HTTP/1.1, redirects followed, the connect timeout,
 * and TLS as the settings ask ({@code verify_tls} false or a CA bundle, an mTLS client certificate).
 * For callers that send their own requests with the same connection settings as the reader and writer
 * (the runner's metrics push). Stateless; each call builds a new client.
 */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * A client for {@code settings}.
     *
     * @throws VmConfigException when the TLS files cannot be read or used (naming the key at fault)
     */
    public static HttpClient create(HttpSettings settings, Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        SSLContext ctx = Tls.context(settings);
        if (ctx != null) {
            b.sslContext(ctx);
        } else {
            // The JDK default, set up on the first TLS connection only: HttpClient.build() would
            // otherwise initialise it (JSSE provider, cipher suites, the CA store) even for http://,
            // about a third of the runner's start-up. Null parameters keep the context's defaults.
            b.sslContext(Tls.lazyDefault()).sslParameters(new SSLParameters());
        }
        return b.build();
    }
}

package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyManagementException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** {@link Tls#lazyDefault()}: the JDK default context, set up on first use. */
class TlsLazyDefaultTest {

    @Test
    void lazyDefault_engine_sameProtocolsAndCipherSuitesAsTheDefault() throws Exception {
        SSLEngine lazy = Tls.lazyDefault().createSSLEngine("example.org", 443);
        SSLEngine def = SSLContext.getDefault().createSSLEngine("example.org", 443);
        assertThat(lazy.getEnabledProtocols()).containsExactly(def.getEnabledProtocols());
        assertThat(lazy.getEnabledCipherSuites()).containsExactly(def.getEnabledCipherSuites());
        assertThat(lazy.getUseClientMode()).isEqualTo(def.getUseClientMode());
        assertThat(lazy.getPeerHost()).isEqualTo("example.org");
    }

    @Test
    void lazyDefault_parametersAndSessions_delegateToTheDefault() throws Exception {
        SSLContext lazy = Tls.lazyDefault();
        SSLContext def = SSLContext.getDefault();
        assertThat(lazy.getDefaultSSLParameters().getProtocols()).containsExactly(
                def.getDefaultSSLParameters().getProtocols());
        assertThat(lazy.getClientSessionContext()).isSameAs(def.getClientSessionContext());
        assertThat(lazy.getSocketFactory().getDefaultCipherSuites()).containsExactly(
                def.getSocketFactory().getDefaultCipherSuites());
    }

    @Test
    void lazyDefault_init_refusedLikeTheDefault() {
        assertThatThrownBy(() -> Tls.lazyDefault().init(null, null, null)).isInstanceOf(KeyManagementException.class);
    }
}

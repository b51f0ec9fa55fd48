package dev.vigil.vm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed test certificates made at test time with the JDK's {@code keytool} (no committed keys):
 * a server certificate for 127.0.0.1/localhost and a client certificate, each as PKCS#12 plus PEM files.
 */
final class TestCerts {

    static final char[] PASS = "changeit".toCharArray();

    final Path dir;
    final Path serverP12;
    final Path serverPem;
    final Path clientP12;
    final Path clientPem;
    final Path clientKeyPem;

    TestCerts(Path dir) throws Exception {
        this.dir = dir;
        serverP12 = dir.resolve("server.p12");
        serverPem = dir.resolve("server.pem");
        clientP12 = dir.resolve("client.p12");
        clientPem = dir.resolve("client.pem");
        clientKeyPem = dir.resolve("client-key.pem");
        generate("server", serverP12, serverPem, "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        generate("client", clientP12, clientPem, "CN=vigil-test-client", null);
        KeyStore ks = load(clientP12);
        Key key = ks.getKey("client", PASS);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(clientKeyPem, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    }

    private static void generate(String alias, Path p12, Path pem, String dname, String san) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> gen = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA",
                "-keysize", "2048", "-dname", dname, "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASS), "-keypass", new String(PASS)));
        if (san != null) {
            gen.addAll(List.of("-ext", san));
        }
        run(gen);
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", p12.toString(), "-storepass",
                new String(PASS), "-file", pem.toString()));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + cmd + "\n" + out);
        }
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    /** The server's context; with {@code trustClient}, it trusts (only) the client certificate. */
    SSLContext serverContext(boolean trustClient) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(serverP12), PASS);
        TrustManagerFactory tmf = null;
        if (trustClient) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            Certificate c = load(clientP12).getCertificate("client");
            ts.setCertificateEntry("client", c);
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }
}

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
 * Public for the runner's tests (this module's test-jar).
 */
public final class TestCerts {

    static final char[] PASS = "changeit".toCharArray();

    public final Path dir;
    public final Path serverP12;
    public final Path serverPem;
    public final Path clientP12;
    public final Path clientPem;
    public final Path clientKeyPem;

    /** Makes the certificates in {@code dir} (two keytool runs). */
    public TestCerts(Path dir) throws Exception {
        this.dir = dir;
        serverP12 = dir.resolve("server.p12");
        serverPem = dir.resolve("server.pem");
        clientP12 = dir.resolve("client.p12");
        clientPem = dir.resolve("client.pem");
        clientKeyPem = dir.resolve("client-key.pem");
        // two keytool JVMs in parallel (each start costs seconds on a loaded machine); EC keys are quick to make
        Process server = start("server", serverP12, "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        Process client = start("client", clientP12, "CN=vigil-test-client", null);
        finish(server);
        finish(client);
        writePem(load(serverP12).getCertificate("server"), serverPem);
        writePem(load(clientP12).getCertificate("client"), clientPem);
        KeyStore ks = load(clientP12);
        Key key = ks.getKey("client", PASS);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(clientKeyPem, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    }

    private static Process start(String alias, Path p12, String dname, String san) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> gen = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-keystore", p12.toString(), "-storetype",
                "PKCS12", "-storepass", new String(PASS), "-keypass", new String(PASS)));
        if (san != null) {
            gen.addAll(List.of("-ext", san));
        }
        return new ProcessBuilder(gen).redirectErrorStream(true).start();
    }

    private static void finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + p.info().commandLine().orElse("keytool") + "\n" + out);
        }
    }

    private static void writePem(Certificate c, Path pem) throws Exception {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded());
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    /** The server's context; with {@code trustClient}, it trusts (only) the client certificate. */
    public SSLContext serverContext(boolean trustClient) throws Exception {
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

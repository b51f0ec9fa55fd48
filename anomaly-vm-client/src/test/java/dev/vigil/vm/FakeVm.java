package dev.vigil.vm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A scripted HTTP(S) server on loopback that records every request. */
final class FakeVm implements AutoCloseable {

    /** One recorded request. */
    record Req(String method, String path, String query, String authorization, String contentEncoding, byte[] body) {
    }

    /** Answers one request. */
    interface Handler {
        void handle(HttpExchange ex, int n) throws IOException;
    }

    final List<Req> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    FakeVm(Handler handler) throws IOException {
        this(handler, null, false);
    }

    FakeVm(Handler handler, SSLContext tls, boolean needClientAuth) throws IOException {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(addr, 0);
        } else {
            HttpsServer s = HttpsServer.create(addr, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    javax.net.ssl.SSLParameters sp = getSSLContext().getDefaultSSLParameters();
                    sp.setNeedClientAuth(needClientAuth);
                    if (needClientAuth) {
                        // TLS 1.2: the server rejects a missing client certificate before the handshake
                        // completes, so the client sees the alert (with 1.3 the JDK server just stalls)
                        sp.setProtocols(new String[] {"TLSv1.2"});
                    }
                    params.setSSLParameters(sp);
                }
            });
            server = s;
        }
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(new Req(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Encoding"),
                    body));
            try {
                handler.handle(ex, requests.size());
            } finally {
                ex.close();
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (b.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        }
    }

    static final String OK_BODY = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"__name__\":\"m\",\"a\":\"x\"},\"values\":[[1600000000,\"1\"],[1600000060,\"NaN\"],"
            + "[1600000120,\"+Inf\"],[1600000180.5,\"-Inf\"]]}]}}";

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

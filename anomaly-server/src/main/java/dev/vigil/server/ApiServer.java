package dev.vigil.server;

import dev.vigil.config.presets.Presets;

import dev.vigil.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of the {@code server} section on an embedded Jetty: {@code /health}, {@code /metrics},
 * {@code /openapi.json}, the {@code /api/...} routes and the web UI at {@code /vmui/} ({@link UiAssets}),
 * every path under {@code path_prefix}.
 * Requests run on Jetty's pool (at most {@value #THREADS} at once); detection tasks on their own
 * ({@link TaskManager}). {@link #reconfigure} applies a changed {@code server} section while serving
 * (hot reload): a new {@code addr}/{@code port} rebinds the listening socket, everything else applies to
 * the next request. Thread-safe; close to stop.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("server");
    private static final int THREADS = 16;

    private final Server jetty;
    /** The listening socket; replaced by {@link #reconfigure} on a new address. */
    private volatile ServerConnector connector;
    private final TaskManager tasks;
    private final Router router;
    /** The section in force: read per request, replaced by {@link #reconfigure}. */
    private final AtomicReference<ServerConfig> settings;
    private final UiAssets ui;

    private ApiServer(ServerContext ctx) {
        this.settings = new AtomicReference<>(ctx.config());
        Datasources ds = new Datasources(ctx, settings::get);
        this.tasks = new TaskManager(ctx, ds, ctx.config().maxConcurrentTasks());
        this.router = routes(ctx, settings, ds, tasks);
        this.ui = new UiAssets(() -> settings.get().pathPrefix());
        QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
        pool.setName("vigil-server");
        pool.setDaemon(true);
        this.jetty = new Server(pool);
        this.connector = connector(jetty, ctx.config());
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        jetty.setStopTimeout(2000);
    }

    /**
     * Binds {@code addr:port} and starts serving.
     *
     * @throws ServerStartException when the address cannot be bound (the message names it)
     */
    public static ApiServer start(ServerContext ctx) throws IOException {
        ApiServer s = new ApiServer(ctx);
        try {
            s.jetty.start();
        } catch (Exception e) {
            s.close();
            throw bindFailure(ctx.config(), e);
        }
        return s;
    }

    private static ServerConnector connector(Server jetty, ServerConfig c) {
        return connector(jetty, c.addr(), c.port());
    }

    private static ServerConnector connector(Server jetty, String host, int port) {
        ServerConnector sc = new ServerConnector(jetty, 1, 1);
        sc.setHost(host);
        sc.setPort(port);
        return sc;
    }

    private static ServerStartException bindFailure(ServerConfig c, Exception e) {
        return new ServerStartException("cannot serve the API (server section) on " + c.addr() + ":" + c.port() + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }

    /** The {@code server} section in force. */
    public ServerConfig config() {
        return settings.get();
    }

    /**
     * Applies a changed {@code server} section without dropping the tasks: a new {@code addr} or
     * {@code port} binds a new socket and then closes the old one (requests in flight on it are cut, the
     * tasks, running or finished, stay and are reached at the new address); {@code path_prefix},
     * {@code max_concurrent_tasks} ({@link TaskManager#resize}), {@code ui_*} and
     * {@code use_reader_connection_settings} apply to the next request. When the new address cannot be
     * bound nothing changes and the old address keeps serving. When it is the same port on another
     * {@code addr} of this host (which may clash with the old socket, e.g. {@code 0.0.0.0} to
     * {@code 127.0.0.1}), the old socket is closed first and reopened if the new one still fails.
     *
     * @throws ServerStartException naming the new {@code addr:port} when it cannot be bound
     */
    public synchronized void reconfigure(ServerConfig next) throws ServerStartException {
        Objects.requireNonNull(next, "next");
        ServerConfig now = settings.get();
        // Port 0 was bound to a free port: the same port given explicitly is no move.
        boolean samePort = now.port() == next.port() || (now.port() == 0 && next.port() == port());
        boolean rebind = !now.addr().equals(next.addr()) || !samePort;
        if (rebind) {
            rebind(next);
        }
        if (now.maxConcurrentTasks() != next.maxConcurrentTasks()) {
            tasks.resize(next.maxConcurrentTasks());
        }
        settings.set(next);
    }

    private void rebind(ServerConfig next) throws ServerStartException {
        ServerConnector old = connector;
        ServerConnector fresh = connector(jetty, next);
        try {
            fresh.start();
        } catch (Exception first) {
            stopQuietly(fresh);
            if (next.port() == 0 || next.port() != old.getLocalPort() || !isLocal(next.addr())) {
                // Closing the old socket can only help when it is what holds the port: an address of
                // another host fails regardless, and the old socket is better left untouched.
                throw bindFailure(next, first);
            }
            // Same port, other address: the old socket may be what is in the way.
            ServerConnector reopened = connector(jetty, old.getHost(), old.getLocalPort());
            stopQuietly(old);
            fresh = connector(jetty, next);
            try {
                fresh.start();
            } catch (Exception second) {
                stopQuietly(fresh);
                try {
                    reopened.start();
                    jetty.addConnector(reopened);
                    connector = reopened;
                    jetty.removeConnector(old);
                } catch (Exception reopen) {
                    LOG.error("the API server could not reopen its previous address {}:{}: {}", reopened.getHost(),
                            reopened.getPort(), reopen.toString());
                }
                throw bindFailure(next, second);
            }
        }
        jetty.addConnector(fresh);
        connector = fresh;
        stopQuietly(old);
        jetty.removeConnector(old);
    }

    /** Whether {@code addr} is the wildcard or an address of one of this host's interfaces. */
    private static boolean isLocal(String addr) {
        try {
            InetAddress a = InetAddress.getByName(addr);
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false; // unresolvable: no socket of ours is in its way
        }
    }

    private static void stopQuietly(ServerConnector c) {
        try {
            c.stop();
        } catch (Exception e) {
            LOG.warn("closing the API server's socket {}:{}: {}", c.getHost(), c.getPort(), e.toString());
        }
    }

    /** Every route; the OpenAPI document lists the same paths. */
    private static Router routes(ServerContext ctx, AtomicReference<ServerConfig> settings, Datasources ds,
                                 TaskManager tasks) {
        Router r = new Router();
        r.add("GET", "/health", ex -> {
            boolean ok = ctx.healthy().getAsBoolean();
            ex.text(ok ? 200 : 503, "text/plain", ok ? "OK\n" : "unhealthy\n");
        });
        r.add("GET", "/metrics", ex -> {
            String accept = ex.header("Accept");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ctx.metrics().write(accept, out);
            ex.send(200, ctx.metrics().contentType(accept), out.toByteArray());
        });
        r.add("GET", "/openapi.json", ex -> ex.send(200, "application/json", openApi()));
        r.add("GET", "/presets/{name}", ex -> {
            String name = ex.pathParams().get("name");
            if (!Presets.ASSETS.contains(name)) {
                throw ApiException.notFound("name", "no preset asset '" + name + "'; assets: "
                        + String.join(", ", Presets.ASSETS));
            }
            ex.text(200, Presets.mediaType(name), Presets.asset(name));
        });
        new CatalogApi(ctx, settings::get).register(r);
        new QueryProxy(ds).register(r);
        tasks.register(r);
        new Templates(ctx, tasks).register(r);
        new Characteristics(ctx, ds).register(r);
        return r;
    }

    /** The hand-written OpenAPI document (a resource beside this class). */
    static byte[] openApi() throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    /** The patterns routed, for the OpenAPI check. */
    Router router() {
        return router;
    }

    private void serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String prefix = settings.get().pathPrefix();
        if (!prefix.isEmpty()) {
            if (!(path.equals(prefix) || path.startsWith(prefix + "/"))) {
                Exchange ex = new Exchange(request, response, callback, path);
                ex.error(ApiException.notFound("path", "no such endpoint: " + path + "; the API is under " + prefix));
                return;
            }
            path = path.substring(prefix.length());
        }
        if (path.isEmpty()) {
            path = "/";
        }
        Exchange ex = new Exchange(request, response, callback, path);
        try {
            if (UiAssets.owns(path)) {
                ui.serve(ex);
            } else {
                router.dispatch(ex);
            }
        } catch (ApiException e) {
            ex.error(e);
        } catch (Exception e) {
            LOG.warn("{} {} failed", request.getMethod(), path, e);
            ex.error(new ApiException(500, null, "internal error: " + e));
        }
        if (!ex.answered()) {
            ex.error(new ApiException(500, null, "no answer"));
        }
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL on the loopback-reachable bound address, path prefix included. */
    public String url() {
        ServerConnector c = connector;
        String host = c.getHost() == null || c.getHost().equals("0.0.0.0") ? "127.0.0.1" : c.getHost();
        return "http://" + host + ":" + c.getLocalPort() + settings.get().pathPrefix();
    }

    @Override
    public void close() {
        tasks.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the API server: {}", e.toString());
        }
        // A socket bound by reconfigure was started outside Jetty's lifecycle, so Jetty leaves it open.
        stopQuietly(connector);
    }
}

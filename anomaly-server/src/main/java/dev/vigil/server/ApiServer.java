package dev.vigil.server;

import dev.vigil.config.presets.Presets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * ({@link TaskManager}). Thread-safe; close to stop.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("server");
    private static final int THREADS = 16;

    private final Server jetty;
    private final ServerConnector connector;
    private final TaskManager tasks;
    private final Router router;
    private final UiAssets ui;
    private final String prefix;

    private ApiServer(ServerContext ctx) {
        this.prefix = ctx.config().pathPrefix();
        Datasources ds = new Datasources(ctx);
        this.tasks = new TaskManager(ctx, ds);
        this.router = routes(ctx, ds, tasks);
        this.ui = new UiAssets(prefix);
        QueuedThreadPool pool = new QueuedThreadPool(THREADS, 2);
        pool.setName("vigil-server");
        pool.setDaemon(true);
        this.jetty = new Server(pool);
        this.connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(ctx.config().addr());
        connector.setPort(ctx.config().port());
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
            throw new ServerStartException("cannot serve the API (server section) on " + ctx.config().addr() + ":" + ctx.config().port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        return s;
    }

    /** Every route; the OpenAPI document lists the same paths. */
    private static Router routes(ServerContext ctx, Datasources ds, TaskManager tasks) {
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
        new CatalogApi(ctx).register(r);
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
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1"
                : connector.getHost();
        return "http://" + host + ":" + port() + prefix;
    }

    @Override
    public void close() {
        tasks.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the API server: {}", e.toString());
        }
    }
}

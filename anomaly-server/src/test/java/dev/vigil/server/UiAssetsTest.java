package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.ModelRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web UI's files over real HTTP, on a server with a {@code path_prefix} and no datasource. */
class UiAssetsTest {

    static final String PREFIX = "/vigil-ui";
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirect
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+)'");

    static ApiServer server;
    static String root; // http://host:port

    @BeforeAll
    static void start() throws Exception {
        ServerConfig cfg = new ServerConfig("127.0.0.1", 0, PREFIX, 1, null, null, false);
        server = ApiServer.start(new ServerContext(cfg, ModelRegistry.standard(), () -> null,
                ServerContext.Metrics.NONE, () -> true, Clock.systemUTC(), "test"));
        root = server.url().substring(0, server.url().length() - PREFIX.length());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void index_underPrefix_isHtmlLoadingTheAppModule() throws Exception {
        HttpResponse<byte[]> r = get(PREFIX + "/vmui/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(r.body(), "UTF-8")).contains("<script type=\"module\" src=\"app.js\">")
                .contains("href=\"lib/uPlot.min.css\"");
    }

    @Test
    void ownFiles_byExtension_haveTheirContentTypes() throws Exception {
        for (String js : new String[] {"app.js", "api.js", "charts.js", "form.js", "results.js", "state.js", "time.js"}) {
            HttpResponse<byte[]> r = get(PREFIX + "/vmui/" + js);
            assertThat(r.statusCode()).as(js).isEqualTo(200);
            assertThat(type(r)).as(js).isEqualTo("text/javascript; charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).as(js).contains("no-cache");
        }
        HttpResponse<byte[]> css = get(PREFIX + "/vmui/style.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(type(css)).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void moduleImports_everyRelativeImport_isServed() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> todo = new LinkedHashSet<>(Set.of("app.js"));
        while (!todo.isEmpty()) {
            String f = todo.iterator().next();
            todo.remove(f);
            seen.add(f);
            HttpResponse<byte[]> r = get(PREFIX + "/vmui/" + f);
            assertThat(r.statusCode()).as(f).isEqualTo(200);
            assertThat(type(r)).as(f).startsWith("text/javascript");
            Matcher m = IMPORT.matcher(new String(r.body(), "UTF-8"));
            while (m.find()) {
                if (!seen.contains(m.group(1))) {
                    todo.add(m.group(1));
                }
            }
        }
        assertThat(seen).contains("app.js", "api.js", "charts.js", "results.js", "lib/uPlot.esm.js");
    }

    @Test
    void lib_uPlotFiles_comeFromTheWebJar() throws Exception {
        String dist = "META-INF/resources/webjars/uplot/" + UiAssets.uplotVersion() + "/dist/";
        assertThat(UiAssets.uplotVersion()).isEqualTo("1.6.30");
        for (String[] f : new String[][] {{"uPlot.esm.js", "text/javascript; charset=utf-8"},
            {"uPlot.min.css", "text/css; charset=utf-8"}, {"uPlot.iife.min.js", "text/javascript; charset=utf-8"}}) {
            HttpResponse<byte[]> r = get(PREFIX + "/vmui/lib/" + f[0]);
            assertThat(r.statusCode()).as(f[0]).isEqualTo(200);
            assertThat(type(r)).as(f[0]).isEqualTo(f[1]);
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(dist + f[0])) {
                assertThat(in).as(f[0]).isNotNull();
                assertThat(r.body()).as(f[0]).isEqualTo(in.readAllBytes());
            }
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age");
        }
    }

    @Test
    void rootAndBareVmui_redirect_toVmuiUnderThePrefix() throws Exception {
        for (String p : new String[] {PREFIX, PREFIX + "/", PREFIX + "/vmui"}) {
            HttpResponse<byte[]> r = get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(p).contains(PREFIX + "/vmui/");
        }
    }

    @Test
    void vmui_withoutThePrefix_isNotFoundNamingThePrefix() throws Exception {
        HttpResponse<byte[]> r = get("/vmui/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), "UTF-8")).contains("under " + PREFIX);
    }

    @Test
    void unknownOrNestedFile_isNotFoundAsJsonError() throws Exception {
        for (String p : new String[] {"/vmui/nope.js", "/vmui/lib/nope.js", "/vmui/a/b.js", "/vmui/lib/..%2Fpackage.json"}) {
            HttpResponse<byte[]> r = get(PREFIX + p);
            assertThat(r.statusCode()).as(p).isIn(400, 404);
            if (r.statusCode() == 404) {
                assertThat(type(r)).as(p).startsWith("application/json");
                assertThat(Api.JSON.readTree(r.body()).get("field").asText()).as(p).isEqualTo("path");
            }
        }
    }

    @Test
    void post_toUiFile_isMethodNotAllowed() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + PREFIX + "/vmui/app.js"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void buildinfo_reportsUiSettings() throws Exception {
        HttpResponse<byte[]> r = get(PREFIX + "/api/v1/server/buildinfo");
        var info = Api.JSON.readTree(r.body());
        assertThat(info.get("path_prefix").asText()).isEqualTo(PREFIX);
        assertThat(info.has("ui_allowed_models")).isTrue();
        assertThat(info.get("ui_allowed_models").isNull()).isTrue();
    }

    @Test
    void contentType_unknownExtension_isOctetStream() {
        assertThat(UiAssets.contentType("x.bin")).isEqualTo("application/octet-stream");
        assertThat(UiAssets.contentType("noext")).isEqualTo("application/octet-stream");
    }
}

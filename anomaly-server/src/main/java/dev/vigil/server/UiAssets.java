package dev.vigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The web UI at {@code /vmui/}: its own files (resources under {@code dev/vigil/server/vmui/}) and, under
 * {@code /vmui/lib/}, the files of the uPlot WebJar on the classpath. {@code /} and {@code /vmui}
 * redirect to {@code /vmui/}. The page calls the API by relative URLs, so a {@code path_prefix} needs
 * nothing here beyond the redirect target. Files are read once and kept (a few hundred KiB).
 * Thread-safe. O(file size) on the first request of a file, O(1) after.
 */
final class UiAssets {

    /** The UI's root below the prefix. */
    static final String ROOT = "/vmui";
    private static final String OWN = "dev/vigil/server/vmui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    /** One path segment of plain characters: no {@code ..}, no nested folder, nothing to escape. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "ts", "text/plain; charset=utf-8",
            "md", "text/markdown; charset=utf-8");

    private final Supplier<String> prefix;
    private final String libRoot;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param prefix the server's {@code path_prefix} in force ({@code ""} when none; a hot reload changes it) */
    UiAssets(Supplier<String> prefix) {
        this.prefix = prefix;
        this.libRoot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    }

    /** The uPlot version of the WebJar on the classpath (its Maven properties). */
    static String uplotVersion() {
        try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + WEBJAR_POM, e);
        }
    }

    /** Whether {@code path} (below the prefix) is the UI's. */
    static boolean owns(String path) {
        return path.equals("/") || path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /** Answers a path {@link #owns} accepted. */
    void serve(Exchange ex) throws IOException {
        String m = ex.method();
        if (!m.equals("GET") && !m.equals("HEAD")) {
            ex.responseHeader("Allow", "GET, HEAD");
            throw new ApiException(405, "method", "method " + m + " is not allowed on " + ex.path() + "; allowed: GET, HEAD");
        }
        String path = ex.path();
        if (path.equals("/") || path.equals(ROOT)) {
            String at = prefix.get() + ROOT + "/";
            ex.responseHeader("Location", at);
            ex.text(302, "text/plain", "the UI is at " + at + "\n");
            return;
        }
        String rest = path.substring(ROOT.length() + 1);
        String resource;
        boolean lib = rest.startsWith("lib/");
        if (rest.isEmpty()) {
            resource = OWN + "index.html";
        } else if (lib && NAME.matcher(rest.substring(4)).matches()) {
            resource = libRoot + rest.substring(4);
        } else if (NAME.matcher(rest).matches()) {
            resource = OWN + rest;
        } else {
            throw ApiException.notFound("path", "no such UI file: " + path);
        }
        byte[] body = read(resource);
        if (body == null) {
            throw ApiException.notFound("path", "no such UI file: " + path);
        }
        // The library is versioned by its WebJar; the UI's own files change with Vigil, so revalidate them.
        ex.responseHeader("Cache-Control", lib ? "public, max-age=86400" : "no-cache");
        ex.responseHeader("X-Content-Type-Options", "nosniff");
        ex.send(200, contentType(resource), body);
    }

    private byte[] read(String resource) throws IOException {
        byte[] b = cache.get(resource);
        if (b != null) {
            return b;
        }
        try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            b = in.readAllBytes();
        }
        cache.put(resource, b);
        return b;
    }

    /** The media type of a file by its extension ({@code application/octet-stream} when unknown). */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String t = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        return t == null ? "application/octet-stream" : t;
    }
}

package dev.vigil.runner.io;

import dev.vigil.runner.config.Auth;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/** Shared HTTP plumbing of the VictoriaMetrics adapters: one client, auth headers. Thread-safe. */
final class Http {

    private Http() {
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Adds basic or bearer authentication when configured. */
    static HttpRequest.Builder auth(HttpRequest.Builder b, Auth auth) throws IOException {
        if (auth == null) {
            return b;
        }
        if (auth.user() != null) {
            String up = auth.user() + ":" + (auth.password() == null ? "" : auth.password());
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8)));
        } else if (auth.bearerToken() != null) {
            b.header("Authorization", "Bearer " + auth.bearerToken());
        } else if (auth.bearerTokenFile() != null) {
            b.header("Authorization", "Bearer " + Files.readString(Path.of(auth.bearerTokenFile())).trim());
        }
        return b;
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package dev.vigil.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Routes a request by method and path to its handler. Paths are literal segments or {@code {name}}
 * placeholders, which fill {@link Exchange#pathParams()}. An unknown path is a 404, a known path with
 * another method a 405 naming the allowed ones. Built once, then read-only: thread-safe.
 * O(routes · segments) per request, a few dozen comparisons.
 */
final class Router {

    /** A route's work. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange ex) throws Exception;
    }

    private record Route(String method, String pattern, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds {@code method pattern}; returns this. */
    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, pattern.substring(1).split("/", -1), handler));
        return this;
    }

    /** Every pattern, in the order added, each once (the OpenAPI document must list them all). */
    Set<String> patterns() {
        Set<String> s = new LinkedHashSet<>();
        routes.forEach(r -> s.add(r.pattern()));
        return s;
    }

    /** The methods of {@code pattern}, upper case. */
    Set<String> methods(String pattern) {
        Set<String> s = new LinkedHashSet<>();
        routes.stream().filter(r -> r.pattern().equals(pattern)).forEach(r -> s.add(r.method()));
        return s;
    }

    /** Runs the handler of the exchange's route. */
    void dispatch(Exchange ex) throws Exception {
        String[] parts = ex.path().substring(1).split("/", -1);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!matches(r.segments(), parts)) {
                continue;
            }
            String m = ex.method();
            if (r.method().equals(m) || (m.equals("HEAD") && r.method().equals("GET"))) {
                for (int i = 0; i < parts.length; i++) {
                    if (r.segments()[i].startsWith("{")) {
                        String name = r.segments()[i].substring(1, r.segments()[i].length() - 1);
                        ex.pathParams().put(name, parts[i]);
                    }
                }
                r.handler().handle(ex);
                return;
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            ex.responseHeader("Allow", String.join(", ", allowed));
            throw new ApiException(405, "method", "method " + ex.method() + " is not allowed on " + ex.path()
                    + "; allowed: " + String.join(", ", allowed));
        }
        throw ApiException.notFound("path", "no such endpoint: " + ex.path() + "; see /openapi.json");
    }

    private static boolean matches(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (pattern[i].startsWith("{") ? parts[i].isEmpty() : !pattern[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }
}

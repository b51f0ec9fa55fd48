package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
import java.util.Map;

/** Validates the {@code server} section into a {@link ServerConfig}. Stateless and thread-safe. */
final class ServerSection {

    /** Routes are matched on plain path segments; anything else in a prefix is a typo. */
    private static final String PREFIX_CHARS = "[A-Za-z0-9._~/-]*";

    private ServerSection() {
    }

    /** The server at {@code node}; {@code null} when absent. {@code server:} with no value takes every default. */
    static ServerConfig validate(Diagnostics diag, Node node) {
        if (node == null) {
            return null;
        }
        Fields f = node.isNull() ? Fields.of(diag, "server", node, Map.of(), Section.SERVER)
                : Fields.of(diag, "server", node, Section.SERVER);
        if (f == null) {
            return null;
        }
        f.checkKeys();
        long port = f.integer("port");
        if (port < 0 || port > 65535) {
            f.error("port", "must be a TCP port in [0, 65535], got " + port);
        }
        int tasks = f.count("max_concurrent_tasks", 1);
        String prefix = prefix(f);
        String state = f.string("ui_default_state");
        if (state != null && !state.isEmpty() && !state.startsWith("#/")) {
            f.error("ui_default_state", "must be a UI state fragment starting with \"#/\" (e.g. \"#/?query=up\"),"
                    + " got \"" + state + "\"");
        }
        f.noEffect("uvicorn_config", "Vigil's server is not uvicorn; it logs through logger_levels (server)");
        return new ServerConfig(f.string("addr"), (int) port, prefix, tasks, state,
                f.isSet("ui_allowed_models") ? f.strings("ui_allowed_models") : null,
                f.bool("use_reader_connection_settings"));
    }

    /** {@code path_prefix} normalised: {@code vmanomaly/} becomes {@code /vmanomaly}; {@code ""} for none. */
    private static String prefix(Fields f) {
        String p = f.string("path_prefix");
        if (p == null) {
            return "";
        }
        p = p.trim();
        if (!p.matches(PREFIX_CHARS) || p.contains("//")) {
            f.error("path_prefix", "must be a URL path such as \"/vmanomaly\" (letters, digits, '.', '_', '~', '-',"
                    + " single '/'), got \"" + p + "\"");
            return "";
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }
}

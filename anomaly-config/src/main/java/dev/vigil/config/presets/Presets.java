package dev.vigil.config.presets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The presets and their assets, read from this jar. A preset is named as in vmanomaly
 * ({@code default}, {@code default:vX.Y}, {@code node-exporter}, {@code ui}); its configuration is a YAML
 * document merged under the user's file (see docs/presets.md). The assets are what a server publishes at
 * {@code /presets/NAME}: {@code dashboard.json} (Grafana), {@code vmanomaly_alerts.yml} (vmalert rules on
 * the runner's own health) and {@code awesome_alerts.yml} (vmalert rules on the node-exporter preset's
 * anomaly scores). Stateless and thread-safe; each call reads the resource again (a few KiB).
 */
public final class Presets {

    /** The normal mode: the user's file is used as written. */
    public static final String DEFAULT = "default";
    /** Node-exporter host indicators, with only the data sources to give. */
    public static final String NODE_EXPORTER = "node-exporter";
    /** The UI only: no production jobs. */
    public static final String UI = "ui";

    /** The canonical preset names, in documentation order. */
    public static final List<String> NAMES = List.of(DEFAULT, NODE_EXPORTER, UI);

    /** The asset names, as served under {@code /presets/}. */
    public static final List<String> ASSETS = List.of("dashboard.json", "vmanomaly_alerts.yml", "awesome_alerts.yml");

    private Presets() {
    }

    /**
     * The canonical name of {@code preset} as written in a configuration: trimmed, lower case, a version
     * suffix of {@code default:vX.Y} dropped (every version of the default preset is the same here), or
     * empty when {@code preset} names none of {@link #NAMES}. The empty string (no preset) maps to
     * {@code default}.
     */
    public static Optional<String> canonical(String preset) {
        String p = preset.trim().toLowerCase(Locale.ROOT);
        if (p.isEmpty() || p.equals(DEFAULT) || p.startsWith(DEFAULT + ":")) {
            return Optional.of(DEFAULT);
        }
        return NAMES.contains(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The configuration YAML the preset lays under the user's file, or empty when the preset adds no key
     * ({@code default}, {@code ui}).
     *
     * @throws IllegalArgumentException when {@code name} is not a canonical preset name
     */
    public static Optional<String> config(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return name.equals(NODE_EXPORTER) ? Optional.of(read("node-exporter.yml")) : Optional.empty();
    }

    /**
     * The text of an asset.
     *
     * @param name one of {@link #ASSETS}, e.g. {@code dashboard.json}
     * @throws IllegalArgumentException when {@code name} is not an asset
     */
    public static String asset(String name) {
        if (!ASSETS.contains(name)) {
            throw new IllegalArgumentException("no preset asset '" + name + "'; assets: " + String.join(", ", ASSETS));
        }
        return read("assets/" + name);
    }

    /** The media type a server should answer {@code asset(name)} with. */
    public static String mediaType(String name) {
        return name.endsWith(".json") ? "application/json" : "application/yaml";
    }

    private static String read(String resource) {
        try (InputStream in = Presets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the preset resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the preset resource " + resource, e);
        }
    }
}

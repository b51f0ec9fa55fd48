package dev.vigil.config;

import dev.vigil.config.presets.Presets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Lays the configuration of the {@code preset} the user's file names under that file, as vmanomaly does
 * (vmanomaly docs, Presets, v1.13): mappings merge key by key, and any other value the user writes (a
 * scalar or a list) replaces the preset's, so the user's keys win. The preset's nodes keep their lines
 * with the file {@code "from preset NAME"}, so an error in a key the user did not write says where it
 * came from. Stateless and thread-safe; O(size of both trees).
 */
final class PresetLayer {

    /** The file name prefix of the nodes a preset supplies. */
    static final String FROM = "from preset ";

    /** The merged tree and the canonical preset name ({@code ""} when the file names none). */
    record Applied(Node root, String preset) {
    }

    private PresetLayer() {
    }

    /**
     * The user's tree {@code root} (a mapping) with its preset laid under it, or {@code null} after an
     * error in {@code diag} when the {@code preset} key is not a known preset name.
     */
    static Applied apply(Node root, Diagnostics diag) {
        Node p = root.map().get("preset");
        if (p == null || p.isNull() || "".equals(p.value())) {
            return new Applied(root, "");
        }
        if (!(p.value() instanceof String s)) {
            diag.error("preset", p, "must be a preset name (" + String.join(", ", Presets.NAMES) + "), got "
                    + p.describe());
            return null;
        }
        Optional<String> name = Presets.canonical(s);
        if (name.isEmpty()) {
            diag.error("preset", p, "unknown preset \"" + s + "\"; known presets: " + String.join(", ", Presets.NAMES)
                    + " (or default:vX.Y)");
            return null;
        }
        Optional<String> yaml = Presets.config(name.get());
        if (yaml.isEmpty()) {
            return new Applied(root, name.get());
        }
        // The preset's own text is part of the jar: %{ENV} is not substituted in it, and a mistake in
        // it is a bug, reported as such.
        Node preset = ConfigLoader.parse(yaml.get(), FROM + name.get(), Map.of(), new ArrayList<>());
        return new Applied(Node.merge(preset, root), name.get());
    }
}

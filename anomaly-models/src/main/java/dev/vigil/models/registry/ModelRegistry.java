package dev.vigil.models.registry;

import dev.vigil.models.ModelSpec;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.state.StateCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves a model name (vmanomaly alias such as {@code zscore_online} or full class path such as
 * {@code model.online.OnlineZscoreModel}) to a factory and builds validated specs.
 *
 * <p>{@link #standard()} knows every model alias of vmanomaly docs (v1.30), "Models"; those not
 * built yet answer with a clear "not supported yet" error. Immutable and thread-safe; {@link #with}
 * returns an extended copy (for custom models).
 */
public final class ModelRegistry {

    /**
     * One known model: its alias, its vmanomaly class path, its factory ({@code null}: not built
     * yet) and the codec of its fitted state ({@code null}: its models cannot be saved, see
     * {@link ModelStates}).
     */
    public record Entry(String alias, String classPath, ModelFactory factory, StateCodec codec) {
        /** Validates the names. */
        public Entry {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(classPath, "classPath");
        }

        /** An entry whose models cannot be saved (no state codec). */
        public Entry(String alias, String classPath, ModelFactory factory) {
            this(alias, classPath, factory, null);
        }
    }

    private static final ModelRegistry STANDARD = new ModelRegistry(StandardModels.entries());

    private final Map<String, Entry> byAlias;
    private final Map<String, Entry> byName;

    private ModelRegistry(List<Entry> entries) {
        Map<String, Entry> a = new LinkedHashMap<>();
        Map<String, Entry> n = new LinkedHashMap<>();
        for (Entry e : entries) {
            a.put(e.alias(), e);
            n.put(e.alias(), e);
            n.put(e.classPath(), e);
        }
        this.byAlias = Collections.unmodifiableMap(a);
        this.byName = Collections.unmodifiableMap(n);
    }

    /** The built-in models. */
    public static ModelRegistry standard() {
        return STANDARD;
    }

    /** A copy that also knows {@code entry} (replacing an entry of the same alias). */
    public ModelRegistry with(Entry entry) {
        List<Entry> all = new ArrayList<>(byAlias.values());
        all.removeIf(e -> e.alias().equals(entry.alias()));
        all.add(entry);
        return new ModelRegistry(all);
    }

    /** Every alias, in registration order. */
    public List<String> aliases() {
        return List.copyOf(byAlias.keySet());
    }

    /** Every alias whose model is built (its factory exists). */
    public List<String> supportedAliases() {
        return byAlias.values().stream().filter(e -> e.factory() != null).map(Entry::alias).toList();
    }

    /**
     * The entry for an alias or class path.
     *
     * @throws ModelConfigException listing the known names (and the nearest one) when unknown
     */
    public Entry entry(String name) {
        Entry e = name == null ? null : byName.get(name.trim());
        if (e == null) {
            String near = name == null ? null : ModelArgs.nearest(name.trim(), byName.keySet());
            throw new ModelConfigException("unknown model class '" + name + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + ". Known models: " + String.join(", ", byAlias.keySet())
                    + " (or their class paths, e.g. model.online.OnlineZscoreModel)");
        }
        return e;
    }

    /** The canonical alias of a name (alias or class path). */
    public String canonicalAlias(String name) {
        return entry(name).alias();
    }

    /**
     * Builds a validated spec; every argument must be one the model knows.
     *
     * @param name alias or full class path
     * @param args the model's arguments ({@code null}: none)
     * @throws ModelConfigException on an unknown model, an unsupported one, or any invalid argument
     */
    public ModelSpec create(String name, Map<String, ?> args) {
        return create(name, args, Set.of());
    }

    /**
     * Builds a validated spec from arguments that may hold keys meant for the caller, not the model
     * (such as a runner's {@code class}, {@code queries} and {@code schedulers} in a vmanomaly model
     * section): those are dropped before the model reads its arguments, so they are neither rejected
     * nor part of {@link ModelSpec#resolvedArgs()}.
     *
     * @param name        alias or full class path
     * @param args        the model's arguments ({@code null}: none)
     * @param ignoredKeys top-level keys of {@code args} to drop
     * @throws ModelConfigException on an unknown model, an unsupported one, or any invalid argument
     */
    public ModelSpec create(String name, Map<String, ?> args, Set<String> ignoredKeys) {
        Objects.requireNonNull(ignoredKeys, "ignoredKeys");
        Entry e = entry(name);
        if (e.factory() == null) {
            throw new ModelConfigException("model '" + e.alias() + "' (" + e.classPath() + ") is not supported yet;"
                    + " supported models: " + String.join(", ", supportedAliases()));
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        if (args != null) {
            args.forEach((k, v) -> {
                if (!ignoredKeys.contains(k)) {
                    kept.put(k, v);
                }
            });
        }
        return ModelArgs.create(e.alias(), kept, e.factory());
    }
}

package dev.vigil.models.registry;

import dev.vigil.models.ModelSpec;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.state.StateCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a model name (vmanomaly alias such as {@code zscore_online} or full class path such as
 * {@code model.online.OnlineZscoreModel}) to a factory and builds validated specs.
 *
 * <p>{@link #standard()} knows every model alias of vmanomaly docs (v1.30), "Models"; those not
 * built yet answer with a clear "not supported yet" error. As in vmanomaly since v1.28.4, the aliases
 * {@code zscore} and {@code mad} are {@linkplain Redirect redirected} to {@code zscore_online} and
 * {@code mad_online}; the deprecated offline models stay reachable by their class paths
 * ({@code model.zscore.ZscoreModel}, {@code model.mad.MADModel}), which are also their registered names.
 * Immutable and thread-safe; {@link #with} returns an extended copy (for custom models).
 */
public final class ModelRegistry {

    /**
     * One known model: its alias, its vmanomaly class path, its factory ({@code null}: not built
     * yet), the codec of its fitted state ({@code null}: its models cannot be saved, see
     * {@link ModelStates}), what it looks at, whether it is online, and the arguments it accepts
     * ({@code null}: not described; then only the factory validates them).
     */
    public record Entry(String alias, String classPath, ModelFactory factory, StateCodec codec,
                        ModelDescriptor.Topology topology, boolean online, List<ArgDescriptor> args) {
        /** Validates the names. */
        public Entry {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(classPath, "classPath");
            Objects.requireNonNull(topology, "topology");
            args = args == null ? null : List.copyOf(args);
        }

        /** A described univariate entry. */
        public Entry(String alias, String classPath, ModelFactory factory, StateCodec codec, boolean online,
                     List<ArgDescriptor> args) {
            this(alias, classPath, factory, codec, ModelDescriptor.Topology.UNIVARIATE, online, args);
        }

        /** An undescribed univariate offline entry (its factory alone validates its arguments). */
        public Entry(String alias, String classPath, ModelFactory factory, StateCodec codec) {
            this(alias, classPath, factory, codec, ModelDescriptor.Topology.UNIVARIATE, false, null);
        }

        /** An entry whose models cannot be saved (no state codec). */
        public Entry(String alias, String classPath, ModelFactory factory) {
            this(alias, classPath, factory, null);
        }

        /** A model Vigil does not build yet, known by name only. */
        public static Entry unsupported(String alias, String classPath, ModelDescriptor.Topology topology,
                                        boolean online) {
            return new Entry(alias, classPath, null, null, topology, online, List.of());
        }
    }

    /**
     * A name that resolves to another registered model than the one it used to name: {@code name}
     * now means the entry named {@code to}; states written under {@code name} were written by the
     * entry named {@code formerly} and are read as that model.
     *
     * @param notice the warning to show where a configuration uses {@code name}
     */
    public record Redirect(String name, String to, String formerly, String notice) {
        /** Validates the names. */
        public Redirect {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(formerly, "formerly");
            Objects.requireNonNull(notice, "notice");
        }
    }

    private static final ModelRegistry STANDARD = new ModelRegistry(StandardModels.entries(),
            StandardModels.redirects(), StandardModels.deprecations());

    private final Map<String, Entry> byAlias;
    private final Map<String, Entry> byName;
    private final Map<String, Redirect> redirects;
    private final Map<String, String> deprecations;

    private ModelRegistry(List<Entry> entries, List<Redirect> redirects, Map<String, String> deprecations) {
        Map<String, Entry> a = new LinkedHashMap<>();
        Map<String, Entry> n = new LinkedHashMap<>();
        for (Entry e : entries) {
            a.put(e.alias(), e);
            n.put(e.alias(), e);
            n.put(e.classPath(), e);
        }
        Map<String, Redirect> r = new LinkedHashMap<>();
        for (Redirect x : redirects) {
            r.put(x.name(), x);
        }
        this.byAlias = Collections.unmodifiableMap(a);
        this.byName = Collections.unmodifiableMap(n);
        this.redirects = Collections.unmodifiableMap(r);
        this.deprecations = Map.copyOf(deprecations);
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
        return new ModelRegistry(all, List.copyOf(redirects.values()), deprecations);
    }

    /**
     * Every alias a configuration can name, in registration order: the aliases of the registered
     * models and the {@linkplain Redirect redirected} names ({@code zscore}, {@code mad}), not the
     * models registered under their class path only.
     */
    public List<String> aliases() {
        List<String> out = new ArrayList<>();
        for (Entry e : byAlias.values()) {
            if (!e.alias().equals(e.classPath())) {
                out.add(e.alias());
            }
        }
        redirects.keySet().forEach(n -> {
            if (!out.contains(n)) {
                out.add(n);
            }
        });
        return List.copyOf(out);
    }

    /** Every alias of {@link #aliases()} whose model is built (its factory exists). */
    public List<String> supportedAliases() {
        return aliases().stream().filter(a -> entry(a).factory() != null).toList();
    }

    /**
     * The registered name of every built model, one per model, in registration order: the name its
     * specs carry ({@link ModelSpec#alias()}), e.g. {@code zscore_online}, and for a model reachable
     * by class path only that class path ({@code model.zscore.ZscoreModel}).
     */
    public List<String> supportedModels() {
        return byAlias.values().stream().filter(e -> e.factory() != null).map(Entry::alias).toList();
    }

    /**
     * Every model a configuration can name, in registration order: one per registered entry (under
     * its alias, a class path for the models registered under it only), then one per
     * {@linkplain Redirect redirected} alias ({@code zscore}, {@code mad}) carrying the description of
     * the model it now means. Undescribed entries list no arguments.
     */
    public List<ModelDescriptor> descriptors() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (Entry e : byAlias.values()) {
            out.add(describe(e.alias(), e, null));
        }
        for (Redirect r : redirects.values()) {
            if (!byAlias.containsKey(r.name())) {
                out.add(describe(r.name(), entry(r.to()), r.to()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The description of a name (alias, class path or redirected alias).
     *
     * @throws ModelConfigException when unknown
     */
    public ModelDescriptor descriptor(String name) {
        Entry e = entry(name);
        String n = name.trim();
        boolean redirected = !byName.containsKey(n) && redirects.containsKey(n);
        return describe(redirected ? n : e.alias(), e, redirected ? e.alias() : null);
    }

    private static ModelDescriptor describe(String alias, Entry e, String redirectTo) {
        return new ModelDescriptor(alias, e.classPath(), e.topology(), e.online(), e.factory() != null, redirectTo,
                e.args() == null ? List.of() : e.args());
    }

    /** The redirected names, e.g. {@code zscore} → {@code zscore_online}. */
    public List<Redirect> redirects() {
        return List.copyOf(redirects.values());
    }

    /**
     * The warning a configuration naming {@code name} deserves: a redirected alias (what it now
     * means) or a deprecated model; empty otherwise, and for unknown names.
     */
    public Optional<String> notice(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim();
        if (!byName.containsKey(n) && redirects.containsKey(n)) {
            return Optional.of(redirects.get(n).notice());
        }
        Entry e = byName.get(n);
        return Optional.ofNullable(e == null ? null : deprecations.get(e.alias()));
    }

    /**
     * The entry for an alias, a class path or a {@linkplain Redirect redirected} name (which gives the
     * entry it now means).
     *
     * @throws ModelConfigException listing the known names (and the nearest one) when unknown
     */
    public Entry entry(String name) {
        String n = name == null ? null : name.trim();
        Entry e = n == null ? null : byName.get(n);
        if (e == null && n != null && redirects.containsKey(n)) {
            e = byName.get(redirects.get(n).to());
        }
        if (e == null) {
            Set<String> known = new LinkedHashSet<>(byName.keySet());
            known.addAll(redirects.keySet());
            String near = n == null ? null : ModelArgs.nearest(n, known);
            throw new ModelConfigException("unknown model class '" + name + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + ". Known models: " + String.join(", ", aliases())
                    + " (or their class paths, e.g. model.online.OnlineZscoreModel)");
        }
        return e;
    }

    /**
     * The entry that wrote a state stored under {@code alias}: as {@link #entry}, except that a
     * redirected name gives the entry it named {@linkplain Redirect#formerly() before} (states
     * written under {@code zscore} hold the offline z-score).
     *
     * @throws ModelConfigException when unknown
     */
    public Entry stateEntry(String alias) {
        String n = alias == null ? null : alias.trim();
        if (n != null && !byName.containsKey(n) && redirects.containsKey(n)) {
            return entry(redirects.get(n).formerly());
        }
        return entry(alias);
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
        if (e.args() == null) {
            return ModelArgs.create(e.alias(), kept, e.factory());
        }
        // The described arguments are the keys the entry accepts: a key the factory read but did not
        // declare is refused too, so the listing (vigil models) never omits an accepted key.
        return ModelArgs.create(e.alias(), kept, e.factory(),
                e.args().stream().filter(x -> !x.nested()).map(ArgDescriptor::name).toList());
    }
}

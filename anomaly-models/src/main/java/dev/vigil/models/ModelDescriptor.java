package dev.vigil.models;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a registered model is and which arguments it takes, for listings ({@code vigil models}, the
 * future {@code /api/v1/models}) and validation. Built by
 * {@link dev.vigil.models.registry.ModelRegistry#descriptors()} from the registry's entries, whose
 * argument lists are declared beside each family's builder ({@code XxxModels.ARGS}). Immutable and
 * thread-safe.
 *
 * @param alias      the name a configuration uses ({@code zscore_online}; a class path for the models
 *                   registered under it only, such as {@code model.zscore.ZscoreModel})
 * @param classPath  vmanomaly's class path ({@code model.online.OnlineZscoreModel})
 * @param topology   what the model looks at
 * @param online     whether fitted models update on every inference
 * @param supported  whether Vigil builds it (otherwise a configuration naming it is refused)
 * @param redirectTo for a redirected alias ({@code zscore}), the alias it now means; else {@code null}
 * @param args       every argument it accepts, its own first, then the common ones; empty when not
 *                   supported
 */
public record ModelDescriptor(String alias, String classPath, Topology topology, boolean online, boolean supported,
                              String redirectTo, List<ArgDescriptor> args) {

    /** What a model looks at. */
    public enum Topology {
        /** One series at a time. */
        UNIVARIATE,
        /** Several series together, one score for the group. */
        MULTIVARIATE,
        /** Each series against its peers of a group, one score per series. */
        PEER;

        /** Lower case, as in JSON. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks and copies. */
    public ModelDescriptor {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(topology, "topology");
        args = List.copyOf(args);
    }

    /** The argument named {@code name}, or {@code null}. */
    public ArgDescriptor arg(String name) {
        return args.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }
}

package dev.vigil.models;

/** Creates a validated spec from bound arguments. Must read every argument it accepts. */
@FunctionalInterface
public interface ModelFactory {
    /** Builds the spec; the registry calls {@link ModelArgs#finish()} afterwards. */
    ModelSpec create(ModelArgs args);
}

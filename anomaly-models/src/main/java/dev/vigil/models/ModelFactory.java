package dev.vigil.models;

/**
 * Creates a validated spec from bound arguments. Must read every argument it accepts. The built-in
 * factories are stateless and thread-safe.
 */
@FunctionalInterface
public interface ModelFactory {
    /** Builds the spec; {@link ModelArgs#create} calls {@link ModelArgs#finish()} afterwards. */
    ModelSpec create(ModelArgs args);
}

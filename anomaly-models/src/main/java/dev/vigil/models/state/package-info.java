/**
 * Model state: the format in which a fitted model is saved and restored, and the SPI each model
 * family implements to take part. The entry point for users is
 * {@link dev.vigil.models.registry.ModelStates} ({@code write}, {@code writeCompact}, {@code read});
 * the layout, the versions and the sizes are documented in {@code docs/model-state.md}.
 *
 * <p><b>Format</b>: a {@link dev.vigil.models.state.StateFormat versioned envelope} (magic, format
 * version, model alias, the resolved arguments or their fingerprint, the family payload with its
 * own version, a CRC-32) around a compact binary payload written with
 * {@link dev.vigil.models.state.StateWriter} (doubles as raw bits, so a restored model computes
 * exactly what the original would). No I/O happens beyond the stream given.
 *
 * <p><b>Compatibility</b>: a state is either restored exactly or refused with a
 * {@link dev.vigil.models.state.ModelStateException} naming the model and the versions found and
 * supported: an unknown envelope version, a payload version outside what the family's codec reads,
 * a truncated or corrupt stream, or stored arguments that no longer build the same spec. A change to
 * a family's payload bumps its {@link dev.vigil.models.state.StateCodec#version() version}; a codec
 * keeps reading older versions it can interpret faithfully and raises
 * {@link dev.vigil.models.state.StateCodec#oldestReadable()} for the others.
 *
 * <p><b>Extension</b>: a model registered later plugs its {@link dev.vigil.models.state.StateCodec}
 * into its {@code ModelRegistry.Entry}; a model registered without one can still be fitted and used,
 * but saving it fails with "model 'x' does not support saving its state". The built-in families keep
 * their codec beside the model ({@code XxxStateCodec}, with an {@code XxxState} record of the fitted
 * numbers), and the registry's tests fail when a registered model has none.
 *
 * <p>Every class here is stateless and thread-safe except the writer and the reader, which belong
 * to one state being written or read.
 */
package dev.vigil.models.state;

/**
 * The model SPI and registry.
 *
 * <p>Life cycle, after Tribuo: a {@link dev.vigil.models.ModelSpec} is built once from an alias and
 * an args map by the {@link dev.vigil.models.registry.ModelRegistry} (every argument validated, defaults
 * from vmanomaly's documentation, errors naming the model and the argument); {@code fit(Series)}
 * returns a {@link dev.vigil.models.FittedModel}, immutable and thread-safe, whose
 * {@code infer(Series)} returns a {@link dev.vigil.core.prediction.Prediction}. Online models
 * return an {@link dev.vigil.models.OnlineModel}, which also folds inferred points into its state.
 *
 * <p>Sub-packages hold one model family each; implementations are package-private and reached
 * through the registry. A fitted model can be saved to a stream and restored exactly with
 * {@link dev.vigil.models.registry.ModelStates} (format and SPI in {@code dev.vigil.models.state}).
 */
package dev.vigil.models;

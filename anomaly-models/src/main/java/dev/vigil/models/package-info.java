/**
 * The model SPI and registry.
 *
 * <p>Life cycle, after Tribuo: a {@link dev.vigil.models.ModelSpec} is built once from an alias and
 * an args map by the {@link dev.vigil.models.registry.ModelRegistry} (every argument validated, defaults
 * from vmanomaly's documentation, errors naming the model and the argument); {@code fit(Series)}
 * returns a {@link dev.vigil.models.FittedModel}, immutable and thread-safe, whose
 * {@code infer(Series)} returns a {@link dev.vigil.core.prediction.Prediction}. Online models
 * return an {@link dev.vigil.models.OnlineModel}, which also folds inferred points into its state.
 * Multivariate (many-to-one) models are {@link dev.vigil.models.MultivariateSpec}s: they also fit
 * aligned rows of several channels and give a {@link dev.vigil.models.MultivariateModel} that scores
 * such rows jointly.
 *
 * <p>{@link dev.vigil.models.AbstractFittedModel} and {@link dev.vigil.models.AbstractOnlineModel}
 * hold the skeleton the built-in models share (the prediction loop, the prequential
 * predict-then-learn loop, the {@code min_n_samples_seen} warm-up and the score pipeline): a model
 * built on them only says how one point is predicted and, online, how one point is learnt.
 *
 * <p>{@link dev.vigil.models.ArgDescriptor} and {@link dev.vigil.models.ModelDescriptor} say which
 * arguments a model accepts (declared beside each family's builder as {@code XxxModels.ARGS}); the
 * registry accepts exactly those keys and lists them ({@code vigil models}). How to add a model:
 * {@code docs/models.md}, "Listing the models".
 *
 * <p>Sub-packages hold one model family each (implementations package-private, reached through the
 * registry or the family's typed builder), the registry ({@code registry}), the state format and SPI
 * ({@code state}) and the support the families share but callers do not use ({@code internal}). A
 * fitted model can be saved to a stream and restored exactly with
 * {@link dev.vigil.models.registry.ModelStates}.
 */
package dev.vigil.models;

/**
 * The model registry: {@link dev.vigil.models.registry.ModelRegistry} resolves a vmanomaly alias or class
 * path to a model family's factory and builds validated {@link dev.vigil.models.ModelSpec}s from
 * argument maps (the families' typed builders take the same path, {@link dev.vigil.models.ModelArgs#create});
 * {@code StandardModels} lists every built-in family. It sits apart from the SPI package
 * ({@code dev.vigil.models}) because it names every family, and the families depend on the SPI: keeping
 * both in one package would make a package cycle.
 */
package dev.vigil.models.registry;

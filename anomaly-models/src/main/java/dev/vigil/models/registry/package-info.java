/**
 * The model registry: {@link dev.vigil.models.registry.ModelRegistry} resolves vmanomaly's model
 * aliases and class paths to the families' factories and builds validated specs from argument maps
 * (the families' typed builders take the same path). It depends on every family; the families and
 * the SPI package do not depend on it.
 */
package dev.vigil.models.registry;

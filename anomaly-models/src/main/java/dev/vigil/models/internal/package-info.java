/**
 * Implementation support shared by the built-in model families ({@link
 * dev.vigil.models.internal.BaseModelSpec}). Not part of the API: public only because the families
 * live in their own packages; it may change in any release. Callers program against
 * {@link dev.vigil.models.ModelSpec}.
 */
package dev.vigil.models.internal;

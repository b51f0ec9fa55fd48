/**
 * State across restarts ({@code settings.restore_state}): the on-disk {@link dev.vigil.runner.state.StateStore}
 * of the models of periodic schedulers, the configuration {@link dev.vigil.runner.state.Signatures} that
 * decide whether a stored model still fits the configuration, and the {@link dev.vigil.runner.state.RestorePlan}
 * of what a start reuses, refits and deletes, and the {@link dev.vigil.runner.state.ConfigDiff} of a hot
 * reload. Depends on the configuration and the model SPI, never on
 * the service.
 */
package dev.vigil.runner.state;

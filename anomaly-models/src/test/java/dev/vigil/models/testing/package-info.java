/**
 * Test fixtures shared through anomaly-models' test jar: {@link dev.vigil.models.testing.StubSpec},
 * a stand-in model for tests of code that drives models (replays, the runner, the CLI).
 */
package dev.vigil.models.testing;

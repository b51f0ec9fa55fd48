/**
 * {@code peer_outlier} (vmanomaly's {@code model.online.PeerOutlierModel}, v1.31, experimental) as a
 * library API: a group of peer series (e.g. the pods of one deployment) is scored one timestamp at a
 * time against its own cross-section. See {@link dev.vigil.models.peer.PeerOutlierModel}. Not wired
 * into the runner.
 */
package dev.vigil.models.peer;

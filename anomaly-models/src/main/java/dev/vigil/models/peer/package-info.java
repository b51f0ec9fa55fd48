/**
 * {@code peer_outlier} (vmanomaly's {@code model.online.PeerOutlierModel}, v1.31, experimental) as a
 * library API: a group of peer series (e.g. the pods of one deployment) is scored one timestamp at a
 * time against its own cross-section. See {@link dev.vigil.models.peer.PeerOutlierModel}; the
 * registry builds a {@link dev.vigil.models.peer.PeerSpec} ({@link dev.vigil.models.peer.PeerModels}),
 * whose groups the runner forms by {@code groupby}.
 */
package dev.vigil.models.peer;

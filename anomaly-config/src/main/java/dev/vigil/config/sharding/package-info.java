/**
 * Horizontal scaling and replication of one configuration across the members of a group (the pods of a
 * Kubernetes StatefulSet), as vmanomaly does it (vmanomaly docs, "Scaling vmanomaly", v1.21 and later):
 * the validated configuration is decomposed into sub-configurations ({@link
 * dev.vigil.config.sharding.SubConfigs}, entity chosen by {@code VMANOMALY_SPLIT_BY}), each
 * sub-configuration is assigned to {@code VMANOMALY_REPLICATION_FACTOR} of the
 * {@code VMANOMALY_MEMBERS_COUNT} members ({@link dev.vigil.config.sharding.Assignment}, round-robin or
 * rendezvous hashing), and a member keeps its share ({@link dev.vigil.config.sharding.Sharding}).
 * Every member computes the same decomposition from the same configuration, so no coordination is
 * needed. Pure functions of the configuration and the environment; no I/O.
 */
package dev.vigil.config.sharding;

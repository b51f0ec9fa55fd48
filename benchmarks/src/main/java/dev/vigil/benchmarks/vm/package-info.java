/**
 * JMH benchmarks of the VictoriaMetrics client's wire formats ({@link dev.vigil.vm.VmCodec}): parsing a
 * {@code query_range} answer and serialising an import body, each beside a naive Jackson tree-model
 * baseline; plus {@link dev.vigil.benchmarks.vm.VmEndToEnd}, a loopback read/write run against a real
 * VictoriaMetrics compared with {@code curl}. Figures in {@code docs/benchmarks.md} (section vm-client).
 */
package dev.vigil.benchmarks.vm;

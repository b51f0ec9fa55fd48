/**
 * "From configuration to alerts": the vmalert rules and the Grafana dashboard that go with a runner
 * configuration ({@code vigil rules}). The series names and labels come from the writer's own label
 * logic ({@link dev.vigil.vm.OutputSeries#labels}), so the rules select exactly what the runner writes.
 */
package dev.vigil.runner.rules;

/**
 * The vmanomaly-compatible REST API of the configuration's {@code server} section, on an embedded Jetty:
 * {@link dev.vigil.server.ApiServer} routes requests ({@link dev.vigil.server.Router}) to the model and
 * configuration endpoints ({@link dev.vigil.server.CatalogApi}), the datasource proxy
 * ({@link dev.vigil.server.QueryProxy}), the detection tasks ({@link dev.vigil.server.TaskManager}),
 * the series characteristics ({@link dev.vigil.server.Characteristics}) and the web UI at {@code /vmui/}
 * ({@link dev.vigil.server.UiAssets}: resources under {@code dev/vigil/server/vmui/} and the uPlot
 * WebJar). Errors are JSON objects naming the field at fault ({@link dev.vigil.server.ApiException}).
 * The runner starts it beside its jobs and hands it its metrics and health
 * ({@link dev.vigil.server.ServerContext}).
 */
package dev.vigil.server;

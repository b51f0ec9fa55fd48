package dev.vigil.runner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code /metrics} and {@code /health} over HTTP, with vmanomaly's metric names, labels and types. */
class MonitoringServerTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_afterOneReadInferAndWrite_exposesEverySpecFamilyWithItsType() throws Exception {
        RunnerMetrics m = new RunnerMetrics(new PrometheusRegistry(), "9.9.9");
        m.started(1.7e9, 3);
        m.schedulerAlive("periodic", true);
        m.read("http://vm:8428", "q", "periodic", 0.02, "200", 2, 120, 4096, 0.001);
        m.read("http://vm:8428", "q", "periodic", 5.0, "timeout", 0, 0, 0, 0);
        m.modelRun("infer", "q", "z", "periodic", 0.003, 2, 4, 4);
        m.modelSkipped("infer", "q", "z", "periodic", 1);
        m.modelErrors("fit", "q", "z", "periodic", 1);
        m.modelsActive("q", "z", "periodic", 2);
        m.wrote("http://vm:8428", "q", "periodic", 0.01, "204", 8, 16, 700, 0.002);
        m.wrote("http://vm:8428", "q", "periodic", 0.5, "connection_error", 0, 0, 0);
        m.readQueued("http://vm:8428", "q", "periodic", 1);
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (MonitoringServer s = new MonitoringServer("127.0.0.1", 0, m.registry(), healthy::get)) {
            HttpResponse<String> r = get(s.port(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            String t = r.body();
            String io = "preset=\"\",query_key=\"q\",scheduler_alias=\"periodic\",url=\"http://vm:8428\"";
            String model = "model_alias=\"z\",preset=\"\",query_key=\"q\",scheduler_alias=\"periodic\"";
            assertThat(t).contains(
                    "# TYPE vmanomaly_start_time_seconds gauge", "vmanomaly_start_time_seconds 1.7E9",
                    "vmanomaly_version_info{version=\"9.9.9\"} 1",
                    "vmanomaly_config_entities{preset=\"\",scope=\"total\"} 3.0",
                    "vmanomaly_scheduler_alive{preset=\"\",scheduler_alias=\"periodic\"} 1.0",
                    "# TYPE vmanomaly_cpu_cores_available gauge", "# TYPE vmanomaly_available_memory_bytes gauge",
                    "vmanomaly_config_reload_enabled 0.0",
                    "# TYPE vmanomaly_config_last_reload_successful gauge", "vmanomaly_config_last_reload_successful 1.0",
                    "vmanomaly_config_last_reload_success_timestamp_seconds 1.7E9",
                    "# TYPE vmanomaly_reader_processing_tasks_queued gauge",
                    "vmanomaly_reader_processing_tasks_queued{" + io + "} 1.0",
                    "# TYPE vmanomaly_reader_request_duration_seconds histogram",
                    "vmanomaly_reader_request_duration_seconds_count{" + io + "} 2",
                    "# TYPE vmanomaly_reader_responses_total counter",
                    "vmanomaly_reader_responses_total{code=\"200\"," + io + "} 1.0",
                    "vmanomaly_reader_responses_total{code=\"timeout\"," + io + "} 1.0",
                    "vmanomaly_reader_received_bytes_total{" + io + "} 4096.0",
                    "vmanomaly_reader_timeseries_received_total{" + io + "} 2.0",
                    "vmanomaly_reader_datapoints_received_total{" + io + "} 120.0",
                    "# TYPE vmanomaly_reader_response_parsing_seconds histogram",
                    "vmanomaly_reader_response_parsing_seconds_count{preset=\"\",query_key=\"q\",scheduler_alias=\"periodic\","
                            + "step=\"json\",url=\"http://vm:8428\"} 1",
                    "vmanomaly_model_runs_total{" + model + ",stage=\"infer\"} 2.0",
                    "# TYPE vmanomaly_model_run_duration_seconds histogram",
                    "vmanomaly_model_run_duration_seconds_count{" + model + ",stage=\"infer\"} 1",
                    "vmanomaly_model_datapoints_accepted_total{" + model + ",stage=\"infer\"} 4.0",
                    "vmanomaly_model_datapoints_produced_total{" + model + ",stage=\"infer\"} 4.0",
                    "vmanomaly_model_runs_skipped_total{" + model + ",stage=\"infer\"} 1.0",
                    "vmanomaly_model_run_errors_total{" + model + ",stage=\"fit\"} 1.0",
                    "# TYPE vmanomaly_models_active gauge", "vmanomaly_models_active{" + model + "} 2.0",
                    "# TYPE vmanomaly_writer_request_duration_seconds histogram",
                    "vmanomaly_writer_request_duration_seconds_count{" + io + "} 2",
                    "vmanomaly_writer_responses_total{code=\"204\"," + io + "} 1.0",
                    "# TYPE vmanomaly_writer_request_serialize_seconds histogram",
                    "vmanomaly_writer_request_serialize_seconds_count{" + io + "} 1",
                    "vmanomaly_writer_request_serialize_seconds_sum{" + io + "} 0.002",
                    "vmanomaly_writer_sent_bytes_total{" + io + "} 700.0",
                    "vmanomaly_writer_datapoints_sent_total{" + io + "} 16.0",
                    "vmanomaly_writer_timeseries_sent_total{" + io + "} 8.0",
                    "# TYPE process_start_time_seconds gauge");

            assertThat(get(s.port(), "/health").statusCode()).isEqualTo(200);
            healthy.set(false);
            HttpResponse<String> down = get(s.port(), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(get(s.port(), "/nope").statusCode()).isEqualTo(404);
        }
    }
}

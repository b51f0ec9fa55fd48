package dev.vigil.runner.io;

import dev.vigil.config.WriterConfig;
import dev.vigil.vm.UrlCredentials;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.RequestEvent;
import dev.vigil.vm.VmListener;
import dev.vigil.vm.VmRequestException;
import dev.vigil.vm.VmWriter;
import dev.vigil.vm.WriteResult;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to VictoriaMetrics' {@code /api/v1/import} through the anomaly-vm-client {@link VmWriter}
 * (labels per {@code metric_format}, batching, gzip, tenants, retries of connection failures and 5xx
 * answers). A failure says how many leading series were written ({@link IoFailure#seriesWritten()});
 * {@link IoFactory} wraps this writer in a {@link BufferingSeriesWriter}. Thread-safe.
 */
final class VmSeriesWriter implements SeriesWriter {

    private static final Logger LOG = LoggerFactory.getLogger("writer.vm");

    private final VmWriter writer;
    private final String url;
    /** Serialisation time of the write in progress, from the client's per-request events (writes are serialised). */
    private final LongAdder codecNanos = new LongAdder();

    /** @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used */
    VmSeriesWriter(WriterConfig config) {
        this.url = UrlCredentials.removed(config.datasourceUrl());
        this.writer = VmWriter.create(config.client(), new VmListener() {
            @Override
            public void onRequest(RequestEvent e) {
                if (e.kind() == RequestEvent.Kind.WRITE && e.attempt() <= 1) {
                    codecNanos.add(e.codecNanos());
                }
            }

            @Override
            public void onWarning(String component, String message) {
                LOG.warn("{}", message);
            }
        }, Clock.systemUTC(), new Random());
    }

    @Override
    public synchronized Written write(List<OutputSeries> series) throws IOException {
        codecNanos.reset();
        try {
            WriteResult r = writer.write(series);
            return new Written(r.series(), r.points(), r.bytes(), codecNanos.sum() / 1e9);
        } catch (VmRequestException e) {
            throw new IoFailure(e.code(), e.getMessage(), e, e.seriesWritten());
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        writer.close();
    }
}

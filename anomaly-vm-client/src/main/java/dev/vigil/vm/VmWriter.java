package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes series to VictoriaMetrics' {@code /api/v1/import} as JSON lines (vmanomaly docs, Writer, v1.30).
 *
 * <p>Output labels: the input labels, with the input {@code __name__} replaced by
 * {@code metric_format.__name__}, then every other {@code metric_format} label, then {@code model_alias}
 * and {@code scheduler_alias}; {@code $VAR} and {@code $QUERY_KEY} are substituted in the values and
 * generated labels win over input labels of the same key. NaN and infinite points are skipped; series
 * with nothing left are not sent, and no request is made when nothing remains. Series go in batches of
 * at most {@code batch_max_series} series and {@code batch_max_bytes} uncompressed bytes, gzip-compressed.
 *
 * <p>With {@code tenant_id: multitenant} the body goes to {@code /insert/multitenant/prometheus/api/v1/import},
 * where VictoriaMetrics routes each series by its {@code vm_account_id}/{@code vm_project_id} labels; a
 * series lacking them gets {@code 0} (tenant {@code 0:0}) and a warning goes to the listener.
 *
 * <p>A connection-level failure (connection refused or reset) and an HTTP 5xx answer are retried
 * {@code connection_retry_attempts} times (default 1, so two attempts in all), after an exponential
 * backoff with jitter (50 ms doubling up to 2 s); each attempt has its own {@code timeout}. A timeout,
 * a TLS failure and a 4xx answer are not retried here (the request may have been applied, or would be
 * refused again). Re-sending a batch writes the same samples again, which VictoriaMetrics'
 * deduplication collapses. When a batch fails for good, the {@link VmRequestException} says how many
 * leading series were already written ({@link VmRequestException#seriesWritten()}).
 *
 * <p>Batches go one after another, in order, but the next
 * batch is encoded and compressed while the previous request is in flight (one sender thread).
 * Thread-safe; O(points) per write; {@link #close()} stops the sender thread.
 */
public final class VmWriter implements AutoCloseable {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String ACCOUNT = "vm_account_id";
    static final String PROJECT = "vm_project_id";

    private final WriterConfig config;
    private final Transport transport;
    /** Sends import requests while the caller prepares the next batch; one daemon thread. */
    private final ExecutorService sender;

    private VmWriter(WriterConfig config, VmListener listener, Clock clock, Random random) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new Transport(config.http(), DEFAULT_TIMEOUT, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(listener, "listener"));
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-vm-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** A writer with the system clock, an unseeded jitter source and no listener. */
    public static VmWriter create(WriterConfig config) {
        return create(config, VmListener.NONE, Clock.systemUTC(), new Random());
    }

    /** A writer reporting to {@code listener}, timing with {@code clock}, jittering retries with {@code random}. */
    public static VmWriter create(WriterConfig config, VmListener listener, Clock clock, Random random) {
        return new VmWriter(config, listener, clock, random);
    }

    /** The configuration. */
    public WriterConfig config() {
        return config;
    }

    /**
     * The labels a series is written with (see the class documentation), before any tenant fallback.
     */
    public Labels outputLabels(OutputSeries s) {
        return s.labels(config.metricFormat());
    }

    /**
     * Writes the series; blocks until every batch is accepted.
     *
     * @throws VmRequestException when a batch fails for good (earlier batches stay written)
     */
    public WriteResult write(List<OutputSeries> series) {
        Objects.requireNonNull(series, "series");
        Tenant tenant = config.http().tenant();
        String path = tenant.insertPrefix() + config.importPath();
        String url = config.http().safeUrl(path);
        URI uri = URI.create(config.http().datasourceUrl() + path);
        ImportEncoder enc = new ImportEncoder(64 * 1024);
        Pipeline pipe = new Pipeline();
        try {
            return write(series, tenant, url, uri, enc, pipe);
        } catch (VmRequestException e) {
            throw e.withSeriesWritten(pipe.seriesDone);
        } finally {
            pipe.drainQuietly();
        }
    }

    private WriteResult write(List<OutputSeries> series, Tenant tenant, String url, URI uri, ImportEncoder enc,
                              Pipeline pipe) {
        int batchSeries = 0;
        long batchPoints = 0;
        long serializeNanos = 0;
        int fallbacks = 0;
        OutputLabels names = new OutputLabels(config.metricFormat());
        for (int i = 0; i < series.size(); i++) {
            OutputSeries s = series.get(i);
            long t0 = System.nanoTime();
            Labels labels = names.of(s);
            if (tenant.isMultitenant() && (labels.get(ACCOUNT) == null || labels.get(PROJECT) == null)) {
                fallbacks++;
                if (labels.get(ACCOUNT) == null) {
                    labels = labels.with(ACCOUNT, "0");
                }
                if (labels.get(PROJECT) == null) {
                    labels = labels.with(PROJECT, "0");
                }
            }
            int mark = enc.size;
            int pts = enc.append(labels, s.series());
            serializeNanos += System.nanoTime() - t0;
            if (pts == 0) {
                continue;
            }
            if (batchSeries > 0 && enc.size > config.batchMaxBytes()) {
                // this series overflows the batch: send what came before it, keep it for the next one
                byte[] tail = Arrays.copyOfRange(enc.buf, mark, enc.size);
                enc.size = mark;
                pipe.submit(enc, batchSeries, batchPoints, serializeNanos, url, uri, i);
                serializeNanos = 0;
                System.arraycopy(tail, 0, enc.buf, 0, tail.length);
                enc.size = tail.length;
                batchSeries = 0;
                batchPoints = 0;
            }
            batchSeries++;
            batchPoints += pts;
            if (batchSeries >= config.batchMaxSeries() || enc.size >= config.batchMaxBytes()) {
                pipe.submit(enc, batchSeries, batchPoints, serializeNanos, url, uri, i + 1);
                serializeNanos = 0;
                enc.reset();
                batchSeries = 0;
                batchPoints = 0;
            }
        }
        if (batchSeries > 0) {
            pipe.submit(enc, batchSeries, batchPoints, serializeNanos, url, uri, series.size());
        }
        if (fallbacks > 0) {
            transport.warn("writer", fallbacks + " series had no '" + ACCOUNT + "'/'" + PROJECT + "' labels with"
                    + " tenant_id 'multitenant'; they were written to tenant 0:0");
        }
        pipe.await();
        pipe.seriesDone = series.size();
        return new WriteResult(pipe.requests, pipe.series, pipe.points, pipe.bytes);
    }

    /**
     * Keeps one import request in flight on the sender thread while the caller encodes and compresses
     * the next batch; batches still go one after another, in order, and a failure stops the write.
     */
    private final class Pipeline {
        private Future<?> inFlight;
        private int pendingSeries;
        private long pendingPoints;
        private long pendingBytes;
        private int pendingEnd;
        /** How many leading input series are written (the end index of the last accepted batch). */
        int seriesDone;
        int requests;
        int series;
        long points;
        long bytes;

        /**
         * Compresses the batch now (so {@code enc} may be reused at once) and sends it after the previous one;
         * {@code end} is the index after the batch's last input series.
         */
        void submit(ImportEncoder enc, int nSeries, long nPoints, long serializeNanos, String url, URI uri, int end) {
            long t0 = System.nanoTime();
            byte[] body = config.gzip() ? gzip(enc.buf, enc.size) : Arrays.copyOf(enc.buf, enc.size);
            long codec = serializeNanos + System.nanoTime() - t0;
            await();
            pendingSeries = nSeries;
            pendingPoints = nPoints;
            pendingBytes = body.length;
            pendingEnd = end;
            try {
                inFlight = sender.submit(() -> post(body, codec, nSeries, nPoints, url, uri));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("this VmWriter is closed", e);
            }
        }

        /** Waits for the request in flight; rethrows its failure. */
        void await() {
            if (inFlight == null) {
                return;
            }
            Future<?> f = inFlight;
            inFlight = null;
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new VmRequestException("io_error", config.http().safeUrl(config.importPath()),
                        "write interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new IllegalStateException(c);
            }
            requests++;
            series += pendingSeries;
            points += pendingPoints;
            bytes += pendingBytes;
            seriesDone = pendingEnd;
        }

        /** After a failure elsewhere: let the request in flight finish so that none outlives the call. */
        void drainQuietly() {
            if (inFlight != null) {
                try {
                    inFlight.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // the original failure is already propagating
                }
                inFlight = null;
            }
        }
    }

    private void post(byte[] body, long codec, int nSeries, long nPoints, String url, URI uri) {
        String[] headers = config.gzip()
                ? new String[] {"Content-Type", "application/json", "Content-Encoding", "gzip"}
                : new String[] {"Content-Type", "application/json"};
        transport.execute(RequestEvent.Kind.WRITE, null, "write of " + nSeries + " series", url, uri, "POST",
                HttpRequest.BodyPublishers.ofByteArray(body), body.length, headers,
                new Transport.Policy(1 + config.connectionRetryAttempts(), true, false),
                (in, stats) -> {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    stats.series = nSeries;
                    stats.points = nPoints;
                    stats.codecNanos = codec;
                    return null;
                });
    }

    static byte[] gzip(byte[] data, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 4));
        try (GZIPOutputStream gz = new FastGzip(out)) {
            gz.write(data, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Level 1: import bodies are highly repetitive, so fast compression loses little ratio. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Stops the sender thread (after the request in flight, if any). */
    @Override
    public void close() {
        sender.shutdown();
    }
}

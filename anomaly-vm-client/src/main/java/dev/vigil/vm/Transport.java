package dev.vigil.vm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * The HTTP side shared by reader and writer: one {@link HttpClient}, auth headers, retries with
 * exponential backoff and full jitter, classification of failures into the result codes of vmanomaly's metrics, and one
 * {@link RequestEvent} per attempt. Thread-safe.
 */
final class Transport {

    /** Parses or consumes a 2xx body; fills {@code stats}. */
    interface BodyHandler<T> {
        T handle(InputStream body, Stats stats) throws IOException;
    }

    /** Per-attempt counters filled by a {@link BodyHandler}. */
    static final class Stats {
        int series;
        long points;
        long codecNanos;
    }

    /**
     * When to retry.
     *
     * @param maxAttempts   attempts in all (the timeout bounds them too when {@code sharedDeadline})
     * @param retry5xx      whether a 5xx answer is retried
     * @param sharedDeadline whether {@code timeout} bounds all attempts together (reader) or each one (writer)
     */
    record Policy(int maxAttempts, boolean retry5xx, boolean sharedDeadline) {
    }

    static final long BASE_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 2_000;

    final HttpSettings settings;
    final Duration timeout;
    private final HttpClient client;
    private final Clock clock;
    private final Random random;
    private final VmListener listener;

    Transport(HttpSettings settings, Duration defaultTimeout, Clock clock, Random random, VmListener listener) {
        this.settings = settings;
        this.timeout = settings.timeoutOr(defaultTimeout);
        this.clock = clock;
        this.random = random;
        this.listener = listener;
        this.client = HttpClients.create(settings, timeout);
    }

    void emit(RequestEvent e) {
        try {
            listener.onRequest(e);
        } catch (RuntimeException ignored) {
            // a broken listener must not break I/O (documented on VmListener)
        }
    }

    void warn(String component, String message) {
        try {
            listener.onWarning(component, message);
        } catch (RuntimeException ignored) {
            // see emit
        }
    }

    /** The Authorization header value, or null. */
    String authorization() {
        if (settings.user() != null) {
            String up = settings.user() + ":" + (settings.password() == null ? "" : settings.password());
            return "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8));
        }
        if (settings.bearerToken() != null) {
            return "Bearer " + settings.bearerToken();
        }
        if (settings.bearerTokenFile() != null) {
            try {
                return "Bearer " + Files.readString(settings.bearerTokenFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new VmConfigException("'bearer_token_file' '" + settings.bearerTokenFile() + "' cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return null;
    }

    /**
     * Sends {@code request} (built anew per attempt from {@code uri}) and hands a 2xx body to {@code handler}.
     *
     * @param what  "query 'alias'" or "write", for messages
     * @param url   the URL for messages and events (no credentials, no query string)
     */
    <T> T execute(RequestEvent.Kind kind, String alias, String what, String url, URI uri, String method,
                  HttpRequest.BodyPublisher body, long bodyBytes, String[] headers, Policy policy,
                  BodyHandler<T> handler) {
        long startMs = clock.millis();
        long deadline = startMs + timeout.toMillis();
        String lastDetail = null;
        for (int attempt = 1; ; attempt++) {
            long now = clock.millis();
            long remaining = policy.sharedDeadline() ? deadline - now : timeout.toMillis();
            if (remaining <= 0) {
                throw new VmRequestException("timeout", url, what + ": no answer within timeout " + timeout
                        + " from " + url + earlier(attempt, lastDetail), null);
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(remaining))
                    .method(method, body);
            for (int i = 0; i < headers.length; i += 2) {
                rb.header(headers[i], headers[i + 1]);
            }
            String auth = authorization();
            if (auth != null) {
                rb.header("Authorization", auth);
            }
            long t0 = System.nanoTime();
            Stats stats = new Stats();
            String code;
            Exception failure;
            String detail;
            try {
                HttpResponse<InputStream> resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = resp.statusCode();
                code = Integer.toString(status);
                CountingStream counting = new CountingStream(resp.body());
                InputStream in = resp.headers().firstValue("Content-Encoding").orElse("")
                        .equalsIgnoreCase("gzip") ? new GZIPInputStream(counting, 65536) : counting;
                if (status / 100 == 2) {
                    try (InputStream closing = in) {
                        T result = handler.handle(closing, stats);
                        emit(new RequestEvent(kind, url, alias, code, attempt, System.nanoTime() - t0,
                                kind == RequestEvent.Kind.WRITE ? bodyBytes : counting.count, stats.series,
                                stats.points, stats.codecNanos));
                        return result;
                    } catch (VmRequestException e) {
                        emit(new RequestEvent(kind, url, alias, e.code(), attempt, System.nanoTime() - t0,
                                counting.count, 0, 0, stats.codecNanos));
                        throw e;
                    }
                }
                String text;
                try (InputStream closing = in) {
                    text = new String(closing.readNBytes(4096), StandardCharsets.UTF_8);
                }
                emit(new RequestEvent(kind, url, alias, code, attempt, System.nanoTime() - t0,
                        kind == RequestEvent.Kind.WRITE ? bodyBytes : counting.count, 0, 0, 0));
                String vmError = VmErrors.describe(text);
                String msg = what + ": HTTP " + status + " from " + url + (vmError != null ? ": " + vmError
                        : text.isBlank() ? "" : ": " + text.strip());
                if (status / 100 == 5 && policy.retry5xx()) {
                    failure = new VmRequestException(code, url, msg, null);
                    detail = msg;
                } else {
                    throw new VmRequestException(code, url, msg, null);
                }
            } catch (IOException e) {
                code = classify(e);
                emit(new RequestEvent(kind, url, alias, code, attempt, System.nanoTime() - t0,
                        kind == RequestEvent.Kind.WRITE ? bodyBytes : 0, 0, 0, 0));
                failure = e;
                detail = what + ": " + code + " talking to " + url + ": " + e;
                boolean retryable = code.equals("connection_error") || code.equals("io_error");
                if (!retryable) {
                    throw new VmRequestException(code, url, detail + (code.equals("ssl_error")
                            ? " (check 'verify_tls', 'tls_cert_file', 'tls_key_file')" : "") + earlier(attempt, lastDetail), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VmRequestException("io_error", url, what + ": interrupted while talking to " + url, e);
            }
            lastDetail = detail;
            // retryable failure: back off with full jitter, within the attempt budget and deadline
            if (attempt >= policy.maxAttempts()) {
                throw wrap(code, url, detail + " (gave up after " + attempt + " attempt" + (attempt > 1 ? "s" : "") + ")",
                        failure);
            }
            long cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 20));
            long sleep;
            synchronized (random) {
                sleep = cap / 2 + (long) (random.nextDouble() * (cap / 2.0));
            }
            if (policy.sharedDeadline() && clock.millis() + sleep >= deadline) {
                throw wrap(code, url, detail + " (gave up after " + attempt + " attempts: timeout " + timeout
                        + " reached)", failure);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VmRequestException("io_error", url, what + ": interrupted while retrying " + url, e);
            }
        }
    }

    /** Names the failure that led to the retry ending this way, e.g. a 503 before a timeout. */
    private static String earlier(int attempt, String lastDetail) {
        return lastDetail == null ? "" : " (attempt " + attempt + "; the previous attempt failed with: " + lastDetail + ")";
    }

    private static VmRequestException wrap(String code, String url, String msg, Exception cause) {
        return new VmRequestException(code, url, msg, cause instanceof VmRequestException ? null : cause);
    }

    /** Maps an I/O failure to its result code (vmanomaly docs, Monitoring, v1.30). */
    static String classify(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "ssl_error";
            }
            if (t instanceof ConnectException) {
                return "connection_error";
            }
            if (t instanceof HttpTimeoutException) {
                return "timeout";
            }
        }
        return "io_error";
    }

    /** Counts the raw (possibly compressed) bytes of a response. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

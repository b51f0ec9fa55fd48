package dev.vigil.server;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One detection task and where it stands. Its fields change as it runs; every access goes through
 * this object's monitor, so it is thread-safe.
 */
final class Task {

    /** The life of a task: pending, running, then one of done, error, canceled. */
    enum Status {
        PENDING, RUNNING, DONE, ERROR, CANCELED;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == ERROR || this == CANCELED;
        }
    }

    private final String id;
    private final TaskRequest request;
    private final Instant createdAt;
    private Status status = Status.PENDING;
    private double progress;
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private List<Map<String, Object>> results;
    private Future<?> future;

    Task(String id, TaskRequest request, Instant createdAt) {
        this.id = id;
        this.request = request;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    TaskRequest request() {
        return request;
    }

    synchronized Status status() {
        return status;
    }

    synchronized void future(Future<?> f) {
        future = f;
    }

    /** Moves to running unless canceled meanwhile; whether it may run. */
    synchronized boolean start(Instant now) {
        if (status != Status.PENDING) {
            return false;
        }
        status = Status.RUNNING;
        startedAt = now;
        return true;
    }

    synchronized void progress(double p) {
        progress = p;
    }

    /** Ends the task unless it was canceled. */
    synchronized void finish(Status end, String message, List<Map<String, Object>> out, Instant now) {
        if (status.finished()) {
            return;
        }
        status = end;
        error = message;
        results = out;
        finishedAt = now;
        if (end == Status.DONE) {
            progress = 1;
        }
    }

    /** Cancels a task not yet finished (interrupting its thread); whether it was. */
    synchronized boolean cancel(Instant now) {
        if (status.finished()) {
            return false;
        }
        status = Status.CANCELED;
        finishedAt = now;
        if (future != null) {
            future.cancel(true);
        }
        return true;
    }

    /** The JSON object; with {@code results} the scored series too. */
    synchronized Map<String, Object> toJson(boolean withResults) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", id);
        m.put("status", status.jsonName());
        m.put("progress", progress);
        m.put("created_at", createdAt.toString());
        m.put("started_at", startedAt == null ? null : startedAt.toString());
        m.put("finished_at", finishedAt == null ? null : finishedAt.toString());
        m.put("error", error);
        m.put("request", CatalogApi.jsonSafe(request.toJson()));
        if (withResults) {
            m.put("results", results);
        } else {
            m.put("series", results == null ? 0 : results.size());
        }
        return m;
    }
}

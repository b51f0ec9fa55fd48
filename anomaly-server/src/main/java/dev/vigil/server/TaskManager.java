package dev.vigil.server;

import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.VmRequestException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection tasks of {@code /api/v1/anomaly_detection/tasks}: at most {@code max_concurrent_tasks}
 * admitted at once (pending or running; one more is refused with HTTP 429), run on as many threads,
 * cancellable, and kept after they end until {@link #KEEP} newer ones have ended. {@link #resize} changes
 * the limit while running (hot reload): tasks already admitted go on, new ones are admitted against the
 * new limit. Thread-safe.
 */
final class TaskManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("server.tasks");

    /** Finished tasks kept for polling; older ones are forgotten. */
    static final int KEEP = 100;

    private final ServerContext ctx;
    private final Datasources datasources;
    /** The limit in force; written under {@code this} by {@link #resize}. */
    private volatile int max;
    private final ThreadPoolExecutor pool;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger admitted = new AtomicInteger();

    TaskManager(ServerContext ctx, Datasources datasources, int maxConcurrentTasks) {
        this.ctx = ctx;
        this.datasources = datasources;
        this.max = maxConcurrentTasks;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vigil-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sets {@code max_concurrent_tasks}: as many task threads from now on. Tasks already admitted are
     * neither cancelled nor queued anew (with a lower limit, the extra ones finish on their threads and
     * new tasks are refused until fewer than the new limit remain).
     */
    synchronized void resize(int newMax) {
        if (newMax < 1) {
            throw new IllegalArgumentException("max_concurrent_tasks must be at least 1, got " + newMax);
        }
        // The pool refuses a core size above its maximum: grow the maximum first, shrink it last.
        if (newMax > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(newMax);
            pool.setCorePoolSize(newMax);
        } else {
            pool.setCorePoolSize(newMax);
            pool.setMaximumPoolSize(newMax);
        }
        max = newMax;
    }

    void register(Router r) {
        r.add("POST", "/api/v1/anomaly_detection/tasks", this::submit)
                .add("GET", "/api/v1/anomaly_detection/tasks", this::list)
                .add("GET", "/api/v1/anomaly_detection/tasks/{id}", this::get)
                .add("DELETE", "/api/v1/anomaly_detection/tasks/{id}", this::cancel)
                .add("GET", "/api/v1/anomaly_detection/limits", this::limits);
    }

    private void submit(Exchange ex) {
        TaskRequest req = TaskRequest.parse(ex.jsonBody(), ctx.registry(), ctx.clock());
        HttpSettings ds = datasources.settings(req.datasourceUrl(), req.tenantId(), "datasource_url");
        int limit = max;
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            throw new ApiException(429, null, "already " + limit + " task(s) pending or running (max_concurrent_tasks);"
                    + " retry when one ends or cancel one");
        }
        long n = seq.incrementAndGet();
        String id = Long.toHexString(ctx.clock().millis()) + "-" + n;
        Task t = new Task(id, req, ctx.clock().instant());
        synchronized (tasks) {
            tasks.put(id, t);
            evict();
        }
        try {
            t.future(pool.submit(() -> run(t, ds, n)));
        } catch (RuntimeException e) {
            admitted.decrementAndGet();
            throw e;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", id);
        out.put("status", t.status().jsonName());
        ex.json(202, out);
    }

    private void run(Task t, HttpSettings ds, long seed) {
        try {
            if (!t.start(ctx.clock().instant())) {
                return;
            }
            List<Map<String, Object>> results = new DetectionRun(t.request(), ds, ctx.clock(), seed).run(t::progress);
            t.finish(Task.Status.DONE, null, results, ctx.clock().instant());
        } catch (CancellationException e) {
            t.cancel(ctx.clock().instant());
        } catch (VmRequestException | IllegalArgumentException e) {
            t.finish(Task.Status.ERROR, e.getMessage(), null, ctx.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("task {} failed", t.id(), e);
            t.finish(Task.Status.ERROR, String.valueOf(e.getMessage()), null, ctx.clock().instant());
        } finally {
            admitted.decrementAndGet();
        }
    }

    /** Drops the oldest finished tasks beyond {@link #KEEP}. Holds the map's lock. */
    private void evict() {
        int finished = 0;
        for (Task t : tasks.values()) {
            finished += t.status().finished() ? 1 : 0;
        }
        for (Iterator<Task> it = tasks.values().iterator(); it.hasNext() && finished > KEEP;) {
            if (it.next().status().finished()) {
                it.remove();
                finished--;
            }
        }
    }

    private Task task(Exchange ex) {
        String id = ex.pathParams().get("id");
        synchronized (tasks) {
            Task t = tasks.get(id);
            if (t == null) {
                throw ApiException.notFound("task_id", "no task '" + id + "' (finished tasks are kept until " + KEEP
                        + " newer ones end)");
            }
            return t;
        }
    }

    private void list(Exchange ex) {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (tasks) {
            tasks.values().forEach(t -> out.add(t.toJson(false)));
        }
        ex.json(200, out);
    }

    private void get(Exchange ex) {
        ex.json(200, task(ex).toJson(true));
    }

    private void cancel(Exchange ex) {
        Task t = task(ex);
        boolean canceled = t.cancel(ctx.clock().instant());
        Map<String, Object> out = t.toJson(false);
        out.put("canceled", canceled);
        ex.json(200, out);
    }

    private void limits(Exchange ex) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_concurrent_tasks", max);
        out.put("active_tasks", admitted.get());
        out.put("max_points_per_series", TaskRequest.MAX_POINTS);
        ex.json(200, out);
    }

    /** The task's request, for {@code config.yaml?task_id=}. */
    TaskRequest request(String id) {
        synchronized (tasks) {
            Task t = tasks.get(id);
            if (t == null) {
                throw ApiException.notFound("task_id", "no task '" + id + "'");
            }
            return t.request();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.vigil.runner.service;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs using one setup of the service (reader, writer, worker pool), so that what a hot reload
 * replaced is closed as soon as the last job started with it ends, not at shutdown.
 *
 * <p>Thread-safe (its monitor); O(1) per job, O(resources) at the last exit.
 */
final class InUse {

    private static final Logger LOG = LoggerFactory.getLogger("service");

    private int users;
    private boolean retired;
    private final List<AutoCloseable> onIdle = new ArrayList<>();

    /** A job starts with this setup; {@code false} when it was retired meanwhile (take the current one). */
    synchronized boolean enter() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    /** A job started with {@link #enter()} ended. */
    void exit() {
        List<AutoCloseable> close;
        synchronized (this) {
            users--;
            close = drainIfIdle();
        }
        closeAll(close);
    }

    /**
     * The setup is replaced: {@code resources} (those the new setup does not share) are closed once no
     * job uses the setup any more, at once when none does.
     */
    void retire(List<? extends AutoCloseable> resources) {
        List<AutoCloseable> close;
        synchronized (this) {
            retired = true;
            onIdle.addAll(resources);
            close = drainIfIdle();
        }
        closeAll(close);
    }

    /** At shutdown: closes what is still waiting, whether or not jobs still run. */
    void closeNow() {
        List<AutoCloseable> close;
        synchronized (this) {
            close = new ArrayList<>(onIdle);
            onIdle.clear();
        }
        closeAll(close);
    }

    private List<AutoCloseable> drainIfIdle() {
        if (!retired || users > 0 || onIdle.isEmpty()) {
            return List.of();
        }
        List<AutoCloseable> out = new ArrayList<>(onIdle);
        onIdle.clear();
        return out;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("cannot close {} replaced by a reload: {}", r, e.toString());
            }
        }
    }
}

package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lane runs the tasks submitted to it one at a time, in order, beside the caller; the workers run
 * started tasks beside the caller, at most {@code n_workers} at once together with those of runAll.
 */
class WorkersLaneTest {

    @Test
    void submit_manyTasksFromOneThread_runOneAtATimeInOrderOffTheCaller() throws Exception {
        Workers.SerialLane lane = new Workers.SerialLane();
        List<Integer> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<Integer>> futures = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int k = i;
            futures.add(lane.submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                synchronized (seen) {
                    seen.add(k);
                    threads.add(Thread.currentThread());
                }
                running.decrementAndGet();
                return k;
            }));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(seen).hasSize(2_000).isSorted();
        assertThat(threads).doesNotContain(caller).allMatch(t -> t.getName().equals("vigil-stage"));
    }

    @Test
    void submit_aTaskThrows_itsFutureFailsAndTheNextTasksRun() throws Exception {
        Workers.SerialLane lane = new Workers.SerialLane();
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> first = lane.submit(() -> {
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("boom");
        });
        AtomicInteger after = new AtomicInteger();
        Future<Integer> second = lane.submit(after::incrementAndGet);
        assertThat(second.isDone()).as("queued behind the first").isFalse();
        release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("boom");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void start_oneWorker_runsOffTheCallerAndNeverBesideATaskOfRunAll() throws Exception {
        try (Workers w = Workers.of(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread caller = Thread.currentThread();
            // Its body's end, not its future's: the future completes only after the worker's permit is released.
            AtomicBoolean finished = new AtomicBoolean();
            Future<Thread> held = w.start(() -> {
                started.countDown();
                release.await(10, TimeUnit.SECONDS);
                finished.set(true);
                return Thread.currentThread();
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicInteger ranBeside = new AtomicInteger();
            Thread other = new Thread(() -> w.runAll(List.<Callable<Integer>>of(() -> {
                ranBeside.set(finished.get() ? 1 : 2);
                return 0;
            }), -1));
            other.start();
            other.join(200);
            assertThat(ranBeside.get()).as("runAll's task waits for the single worker").isZero();
            release.countDown();
            other.join(10_000);
            assertThat(ranBeside.get()).as("it ran after the started task was done").isEqualTo(1);
            assertThat(held.get(10, TimeUnit.SECONDS)).isNotSameAs(caller);
        }
    }

    @Test
    void start_twoWorkersOneTaskHeld_theOtherWorkerTakesTheNextTasksMeanwhile() throws Exception {
        try (Workers w = Workers.of(2)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Future<Integer> held = w.start(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await(10, TimeUnit.SECONDS);
                running.decrementAndGet();
                return -1;
            });
            List<Future<Integer>> next = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int k = i;
                next.add(w.start(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(1);
                    running.decrementAndGet();
                    return k;
                }));
            }
            for (int i = 0; i < next.size(); i++) {
                assertThat(next.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(held.isDone()).as("all done while the first was held").isFalse();
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(most.get()).as("never more than two at once").isEqualTo(2);
        }
    }
}

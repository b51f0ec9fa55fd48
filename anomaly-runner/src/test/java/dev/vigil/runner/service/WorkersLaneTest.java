package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A lane runs the stages submitted to it one at a time, in order, beside the caller. */
class WorkersLaneTest {

    @Test
    void submit_manyStagesFromOneThread_runOneAtATimeInOrderOffTheCaller() throws Exception {
        Workers.Lane lane = Workers.of(1).lane();
        List<Integer> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
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
            }));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(seen).hasSize(2_000).isSorted();
        assertThat(threads).doesNotContain(caller).allMatch(t -> t.getName().equals("vigil-stage"));
    }

    @Test
    void submit_aStageThrows_itsFutureFailsAndTheNextStagesRun() throws Exception {
        Workers.Lane lane = Workers.of(2).lane();
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = lane.submit(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("boom");
        });
        AtomicInteger after = new AtomicInteger();
        Future<?> second = lane.submit(after::incrementAndGet);
        assertThat(second.isDone()).as("queued behind the first").isFalse();
        release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("boom");
        second.get(10, TimeUnit.SECONDS);
        assertThat(after.get()).isEqualTo(1);
    }
}

package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link InUse}: what a reload replaced is closed when the last job using it ends. */
class InUseTest {

    @Test
    void retire_withJobsInProgress_closesAfterTheLastOneEnds() {
        InUse u = new InUse();
        AtomicInteger closed = new AtomicInteger();
        assertThat(u.enter()).isTrue();
        assertThat(u.enter()).isTrue();

        u.retire(List.of(closed::incrementAndGet));

        assertThat(closed).as("two jobs still use it").hasValue(0);
        assertThat(u.enter()).as("no new job on a retired setup").isFalse();
        u.exit();
        assertThat(closed).hasValue(0);
        u.exit();
        assertThat(closed).as("closed once, by the last job").hasValue(1);
        u.closeNow();
        assertThat(closed).hasValue(1);
    }

    @Test
    void retire_noJobInProgress_closesAtOnce() {
        InUse u = new InUse();
        AtomicInteger closed = new AtomicInteger();
        assertThat(u.enter()).isTrue();
        u.exit();

        u.retire(List.of(closed::incrementAndGet, closed::incrementAndGet));

        assertThat(closed).hasValue(2);
    }

    @Test
    void closeNow_jobStillRunningAtShutdown_closesWhatWaits() {
        InUse u = new InUse();
        AtomicInteger closed = new AtomicInteger();
        assertThat(u.enter()).isTrue();
        u.retire(List.of(closed::incrementAndGet));

        u.closeNow();
        u.exit();

        assertThat(closed).hasValue(1);
    }
}

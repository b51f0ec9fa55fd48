package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SIGTERM grace period: --stopGrace, else VIGIL_STOP_GRACE, else 60 s. */
class StopGraceTest {

    @AfterEach
    void resetEnvironment() {
        ServiceCommand.environment = null;
    }

    @Test
    void stopGrace_flagThenEnvironmentThenDefault() {
        ServiceCommand c = new ServiceCommand();
        ServiceCommand.environment = Map.of();
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(60));
        ServiceCommand.environment = Map.of(ServiceCommand.STOP_GRACE_ENV, "2m");
        assertThat(c.stopGrace()).isEqualTo(Duration.ofMinutes(2));
        c.stopGrace = "30s";
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void stopGrace_badValue_isAUserError() {
        ServiceCommand c = new ServiceCommand();
        c.stopGrace = "soon";
        assertThatThrownBy(c::stopGrace).isInstanceOf(UserException.class).hasMessageContaining("--stopGrace");
    }
}

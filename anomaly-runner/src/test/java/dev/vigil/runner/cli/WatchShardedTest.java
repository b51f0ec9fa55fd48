package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.sharding.Membership;
import dev.vigil.config.sharding.Sharding;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.service.ConfigWatcher;
import dev.vigil.runner.service.ServiceRunner;
import dev.vigil.runner.state.ConfigDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch} in a member of a sharded group: a reload runs the member's share of the new configuration. */
class WatchShardedTest {

    @TempDir
    Path dir;

    @AfterEach
    void resetEnvironment() {
        ServiceCommand.environment = null;
    }

    static String config(int models) {
        StringBuilder m = new StringBuilder("models:\n");
        for (int i = 0; i < models; i++) {
            m.append("  z").append(i).append(": {class: zscore_online, queries: [q], schedulers: [p]}\n");
        }
        return "schedulers: {p: {class: periodic, infer_every: 1m, fit_window: 1h}}\n" + m
                + "reader: {datasource_url: 'http://127.0.0.1:1', sampling_period: 1m, queries: {q: {expr: m}}}\n"
                + "writer: {datasource_url: 'http://127.0.0.1:1'}\n";
    }

    @Test
    void check_memberOfTwo_reloadsItsShareOfTheNewConfigurationOnly() throws Exception {
        Map<String, String> env = ServiceCommandShardingTest.env(2, 1, 1);
        ServiceCommand.environment = env;
        Membership member = Membership.fromEnv(env);
        Path f = Files.writeString(dir.resolve("c.yml"), config(4));
        RunnerConfig whole = RunnerConfigs.load(List.of(f), env, ModelRegistry.standard());
        RunnerConfig mine = Sharding.share(whole, member).config();
        try (ServiceRunner runner = new ServiceRunner(mine, Ticker.system(), "t");
             ConfigWatcher w = ServiceCommand.watcher(List.of(f), ConfigWatcher.fingerprint(List.of(f)),
                     Duration.ofSeconds(30), ModelRegistry.standard(), runner, null, mine)) {
            Files.writeString(f, config(12));

            assertThat(w.check()).isTrue();

            RunnerConfig nextWhole = RunnerConfigs.load(List.of(f), env, ModelRegistry.standard());
            RunnerConfig nextMine = Sharding.share(nextWhole, member).config();
            assertThat(nextMine.models().size()).as("a proper share").isBetween(1, 11);
            ConfigDiff d = runner.reload(nextMine);
            assertThat(d.affectsJobs()).as("the reload already runs exactly the member's share").isFalse();
            assertThat(d.kept()).hasSize(nextMine.models().size());
            assertThat(WatchApplyTest.scrape(runner)).contains("vmanomaly_config_last_reload_successful 1.0");
        }
    }
}

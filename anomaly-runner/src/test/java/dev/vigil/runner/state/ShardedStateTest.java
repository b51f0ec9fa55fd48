package dev.vigil.runner.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.sharding.Membership;
import dev.vigil.config.sharding.Sharding;
import dev.vigil.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore_state} for a member of a sharded group: its state is that of its own combinations. */
class ShardedStateTest {

    @TempDir
    Path dir;

    static final String YAML = String.join("\n",
            "settings: {restore_state: true}",
            "schedulers:",
            "  p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1d}",
            "  r: {class: periodic, infer_every: 5m, fit_every: 1h, fit_window: 1d}",
            "models:",
            "  z: {class: zscore_online, queries: [a, b], schedulers: [p, r]}",
            "reader:",
            "  datasource_url: http://127.0.0.1:1",
            "  sampling_period: 1m",
            "  queries: {a: 'm1', b: 'm2'}",
            "writer:",
            "  datasource_url: http://127.0.0.1:1",
            "");

    static RunnerConfig member(RunnerConfig whole, int num) throws Exception {
        return Sharding.share(whole, Membership.fromEnv(Map.of("VMANOMALY_MEMBERS_COUNT", "2",
                "HOSTNAME", "vigil-" + num))).config();
    }

    @Test
    void signatures_member_coverOnlyItsAssignedPairs() throws Exception {
        RunnerConfig whole = RunnerConfigs.parse(YAML, "s.yml", Map.of(), ModelRegistry.standard());
        // complete order: z/p/a, z/p/b, z/r/a, z/r/b; member 1 gets the 2nd and the 4th.
        assertThat(Signatures.of(member(whole, 1)).keySet()).containsExactly(new Combination("p", "z", "b"),
                new Combination("r", "z", "b"));
        assertThat(Signatures.of(member(whole, 0)).keySet()).containsExactly(new Combination("p", "z", "a"),
                new Combination("r", "z", "a"));
        // The same combination has the same signature whether run alone or in the whole configuration.
        Map<Combination, String> all = Signatures.of(whole);
        Signatures.of(member(whole, 1)).forEach((c, sig) -> assertThat(all.get(c)).isEqualTo(sig));
    }

    @Test
    void restorePlan_memberRestart_reusesItsOwnAndDeletesWhatMovedAway() throws Exception {
        RunnerConfig whole = RunnerConfigs.parse(YAML, "s.yml", Map.of(), ModelRegistry.standard());
        StateStore store = new StateStore(dir, ModelRegistry.standard());
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        // The store of a runner that ran everything (before the group grew to 2 members).
        for (Map.Entry<Combination, String> e : Signatures.of(whole).entrySet()) {
            store.write(e.getKey(), e.getValue(), now.minusSeconds(600).toEpochMilli(), List.of());
        }
        RestorePlan plan = RestorePlan.of(member(whole, 0), store.headers(), now);
        assertThat(plan.reuse().keySet()).containsExactlyInAnyOrder(new Combination("p", "z", "a"),
                new Combination("r", "z", "a"));
        assertThat(plan.delete()).extracting(StateStore.Header::combination).containsExactlyInAnyOrder(
                new Combination("p", "z", "b"), new Combination("r", "z", "b"));
        assertThat(plan.fresh()).isEmpty();
    }
}

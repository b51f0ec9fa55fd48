package dev.vigil.config.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardingTest {

    /** {@code models} × {@code queries} under scheduler {@code s1} (and {@code s2} for model {@code m1}). */
    static String config(int models, int queries, String extra) {
        StringBuilder y = new StringBuilder(String.join("\n",
                "schedulers:",
                "  s1: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1d}",
                "  s2: {class: periodic, infer_every: 5m, fit_every: 1h, fit_window: 1d}",
                "models:", ""));
        for (int m = 1; m <= models; m++) {
            y.append("  m").append(m).append(": {class: zscore, schedulers: [").append(m == 1 && extra.contains("s2")
                    ? "s1, s2" : "s1").append("]}\n");
        }
        y.append("reader:\n  datasource_url: 'http://vm:8428'\n  sampling_period: 1m\n");
        if (extra.contains("filters")) {
            y.append("  extra_filters: ['{shard=\"b\"}', '{shard=\"a\"}', '{shard=\"c\"}']\n");
        }
        y.append("  queries:\n");
        for (int q = 1; q <= queries; q++) {
            y.append("    q").append(q).append(": 'up").append(q).append("'\n");
        }
        y.append("writer:\n  datasource_url: 'http://vm:8428'\n");
        return y.toString();
    }

    static RunnerConfig parse(String yaml) throws ConfigException {
        return RunnerConfigs.parse(yaml, "test.yml", Map.of(), ModelRegistry.standard());
    }

    static Membership member(int k, int num, int r, SplitBy by, Strategy s) {
        return new Membership(k, num, r, by, s);
    }

    @Test
    void subConfigs_complete_oneTriplePerSubConfigInAliasOrder() throws Exception {
        List<SubConfig> subs = SubConfigs.of(parse(config(2, 2, "s2")), SplitBy.COMPLETE);
        assertThat(subs).extracting(SubConfig::key).containsExactly(
                "model=m1,scheduler=s1,query=q1", "model=m1,scheduler=s1,query=q2",
                "model=m1,scheduler=s2,query=q1", "model=m1,scheduler=s2,query=q2",
                "model=m2,scheduler=s1,query=q1", "model=m2,scheduler=s1,query=q2");
        assertThat(subs).extracting(SubConfig::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(subs).allSatisfy(s -> assertThat(s.entities()).hasSize(1));
    }

    @Test
    void subConfigs_completeWithMultivariateModel_keepsItsQueriesTogether() throws Exception {
        RunnerConfig c = parse(config(2, 2, "").replace("m2: {class: zscore,",
                "m2: {class: isolation_forest_multivariate, groupby: [host],"));
        List<SubConfig> subs = SubConfigs.of(c, SplitBy.COMPLETE);
        assertThat(subs).extracting(s -> s.key() + ":" + s.entities().size()).containsExactly(
                "model=m1,scheduler=s1,query=q1:1", "model=m1,scheduler=s1,query=q2:1",
                "model=m2,scheduler=s1,query=*:2");
        // A member holding the multivariate sub-configuration runs the model on both queries.
        RunnerConfig mine = Sharding.restrict(c, List.of(subs.get(2)));
        assertThat(mine.models().get("m2").queries()).containsExactly("q1", "q2");
    }

    @Test
    void subConfigs_byEntity_groupsTheTriples() throws Exception {
        RunnerConfig c = parse(config(2, 3, "s2"));
        assertThat(SubConfigs.of(c, SplitBy.SCHEDULERS)).extracting(s -> s.key() + ":" + s.entities().size())
                .containsExactly("scheduler=s1:6", "scheduler=s2:3");
        assertThat(SubConfigs.of(c, SplitBy.MODELS)).extracting(s -> s.key() + ":" + s.entities().size())
                .containsExactly("model=m1:6", "model=m2:3");
        assertThat(SubConfigs.of(c, SplitBy.QUERIES)).extracting(s -> s.key() + ":" + s.entities().size())
                .containsExactly("query=q1:3", "query=q2:3", "query=q3:3");
    }

    @Test
    void subConfigs_yamlOrderOfModelsAndQueries_doesNotChangeTheOrder() throws Exception {
        String a = config(3, 3, "");
        String b = a.replace("  m1: {class: zscore, schedulers: [s1]}\n", "")
                .replace("models:\n", "models:\n  m1: {class: zscore, schedulers: [s1]}\n")
                .replace("    q1: 'up1'\n", "").replace("    q3: 'up3'\n", "    q3: 'up3'\n    q1: 'up1'\n");
        assertThat(b).isNotEqualTo(a);
        assertThat(SubConfigs.of(parse(b), SplitBy.COMPLETE)).isEqualTo(SubConfigs.of(parse(a), SplitBy.COMPLETE));
    }

    @Test
    void share_roundRobinNineConfigsThreeMembers_followsVmanomalysExample() throws Exception {
        RunnerConfig c = parse(config(3, 3, ""));
        Map<Integer, List<Integer>> r1 = new HashMap<>();
        Map<Integer, List<Integer>> r2 = new HashMap<>();
        for (int n = 0; n < 3; n++) {
            r1.put(n, numbers(Sharding.share(c, member(3, n, 1, SplitBy.COMPLETE, Strategy.ROUND_ROBIN))));
            r2.put(n, numbers(Sharding.share(c, member(3, n, 2, SplitBy.COMPLETE, Strategy.ROUND_ROBIN))));
        }
        assertThat(r1).containsExactlyInAnyOrderEntriesOf(Map.of(0, List.of(1, 4, 7), 1, List.of(2, 5, 8),
                2, List.of(3, 6, 9)));
        assertThat(r2).containsExactlyInAnyOrderEntriesOf(Map.of(0, List.of(1, 3, 4, 6, 7, 9),
                1, List.of(1, 2, 4, 5, 7, 8), 2, List.of(2, 3, 5, 6, 8, 9)));
    }

    private static List<Integer> numbers(Sharding.Share s) {
        return s.mine().stream().map(SubConfig::number).toList();
    }

    @Test
    void share_restrictedConfig_runsExactlyTheMembersTriples() throws Exception {
        RunnerConfig c = parse(config(2, 3, "s2"));
        // 9 triples over 2 members: member 1 gets indexes 1, 3, 5, 7 of the complete order.
        Sharding.Share s = Sharding.share(c, member(2, 1, 1, SplitBy.COMPLETE, Strategy.ROUND_ROBIN));
        RunnerConfig mine = s.config();
        assertThat(s.mine()).extracting(SubConfig::key).containsExactly("model=m1,scheduler=s1,query=q2",
                "model=m1,scheduler=s2,query=q1", "model=m1,scheduler=s2,query=q3", "model=m2,scheduler=s1,query=q2");
        Set<String> ran = new TreeSet<>();
        mine.models().values().forEach(m -> mine.schedulers().keySet().forEach(sc -> mine.reader().queries().keySet()
                .forEach(q -> {
                    if (m.attached(sc, q)) {
                        ran.add(m.alias() + "/" + sc + "/" + q);
                    }
                })));
        assertThat(ran).containsExactly("m1/s1/q2", "m1/s2/q1", "m1/s2/q3", "m2/s1/q2");
        assertThat(mine.reader().queries().keySet()).containsExactly("q1", "q2", "q3");
        assertThat(mine.models().get("m2").queries()).containsExactly("q2");
        assertThat(mine.models().get("m2").specs().keySet()).containsExactly("q2");
        assertThat(mine.models().get("m2").only()).isNull();
        assertThat(mine.models().get("m1").only()).hasSize(3);
    }

    @Test
    void share_anyMembership_everySubConfigRunsOnExactlyRMembers() throws Exception {
        RunnerConfig c = parse(config(4, 5, "s2"));
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int k = 1 + rnd.nextInt(6);
            int r = 1 + rnd.nextInt(k);
            Strategy st = rnd.nextBoolean() ? Strategy.ROUND_ROBIN : Strategy.RENDEZVOUS;
            SplitBy by = SplitBy.values()[rnd.nextInt(4)];
            Map<String, Integer> runs = new HashMap<>();
            int total = 0;
            for (int n = 0; n < k; n++) {
                Sharding.Share s = Sharding.share(c, member(k, n, r, by, st));
                total = s.all().size();
                s.mine().forEach(x -> runs.merge(x.key(), 1, Integer::sum));
            }
            assertThat(runs).as("k=%d r=%d %s %s", k, r, by, st).hasSize(total);
            assertThat(runs.values()).as("k=%d r=%d %s %s", k, r, by, st).containsOnly(r);
        }
    }

    @Test
    void share_rendezvousAddingASubConfig_movesNoExistingOne() throws Exception {
        Membership[] members = IntStream.range(0, 4)
                .mapToObj(n -> member(4, n, 2, SplitBy.COMPLETE, Strategy.RENDEZVOUS)).toArray(Membership[]::new);
        Map<String, String> before = placement(parse(config(4, 6, "")), members);
        Map<String, String> after = placement(parse(config(5, 6, "")), members);
        assertThat(after).hasSize(before.size() + 6);
        before.forEach((key, where) -> assertThat(after.get(key)).as(key).isEqualTo(where));
        // Round-robin, by contrast, moves most of them: its position in the order decides.
        Membership[] rr = IntStream.range(0, 4)
                .mapToObj(n -> member(4, n, 2, SplitBy.COMPLETE, Strategy.ROUND_ROBIN)).toArray(Membership[]::new);
        Map<String, String> rrBefore = placement(parse(config(4, 6, "")), rr);
        Map<String, String> rrAfter = placement(parse(config(4, 6, "")
                .replace("  m1: {", "  m0: {class: zscore, schedulers: [s1]}\n  m1: {")), rr);
        long moved = rrBefore.keySet().stream().filter(k -> !rrBefore.get(k).equals(rrAfter.get(k))).count();
        assertThat(moved).isGreaterThan(rrBefore.size() / 2);
    }

    private static Map<String, String> placement(RunnerConfig c, Membership[] members) throws ShardingException {
        Map<String, String> out = new HashMap<>();
        for (SubConfig s : SubConfigs.of(c, members[0].splitBy())) {
            out.put(s.key(), java.util.Arrays.toString(Assignment.members(s, members[0])));
        }
        return out;
    }

    @Test
    void assignment_rendezvousManySubConfigs_spreadsEvenly() {
        int k = 5;
        int[] load = new int[k];
        int n = 5000;
        for (int i = 0; i < n; i++) {
            SubConfig s = new SubConfig(i, "model=m" + i + ",scheduler=s,query=q", List.of(), null);
            for (int m : Assignment.members(s, member(k, 0, 2, SplitBy.COMPLETE, Strategy.RENDEZVOUS))) {
                load[m]++;
            }
        }
        for (int l : load) {
            // Each member's expected share is 2n/k = 2000; five standard deviations is about 170.
            assertThat((double) l).isCloseTo(2.0 * n / k, within(200.0));
        }
    }

    @Test
    void share_extraFilters_eachMemberReadsItsFiltersOnly() throws Exception {
        RunnerConfig c = parse(config(2, 2, "filters"));
        List<String> got = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Sharding.Share s = Sharding.share(c, member(2, n, 1, SplitBy.EXTRA_FILTERS, Strategy.ROUND_ROBIN));
            assertThat(s.config().models().keySet()).containsExactly("m1", "m2");
            got.add(String.join(" ", s.config().reader().client().extraFilters()));
        }
        // Sorted: a (member 0), b (member 1), c (member 0); member 0 keeps the configuration's order (b was first).
        assertThat(got).containsExactly("{shard=\"a\"} {shard=\"c\"}", "{shard=\"b\"}");
    }

    @Test
    void share_extraFiltersWithoutFilters_failsNamingTheVariable() throws Exception {
        RunnerConfig c = parse(config(1, 1, ""));
        assertThatThrownBy(() -> Sharding.share(c, member(2, 0, 1, SplitBy.EXTRA_FILTERS, Strategy.ROUND_ROBIN)))
                .isInstanceOf(ShardingException.class)
                .hasMessageContaining("VMANOMALY_SPLIT_BY is 'extra_filters' but reader.extra_filters is empty");
    }

    @Test
    void share_moreMembersThanSubConfigs_leavesSomeEmpty() throws Exception {
        RunnerConfig c = parse(config(1, 2, ""));
        Set<Integer> empty = new HashSet<>();
        for (int n = 0; n < 4; n++) {
            Sharding.Share s = Sharding.share(c, member(4, n, 1, SplitBy.COMPLETE, Strategy.ROUND_ROBIN));
            if (s.empty()) {
                assertThat(s.config()).isNull();
                empty.add(n);
            }
        }
        assertThat(empty).containsExactly(2, 3);
    }

    @Test
    void share_oneMember_isTheWholeConfiguration() throws Exception {
        RunnerConfig c = parse(config(2, 2, ""));
        Sharding.Share s = Sharding.share(c, Membership.SINGLE);
        assertThat(s.config()).isSameAs(c);
        assertThat(s.describe().get(0)).isEqualTo("member 0 of 1 (replication factor 1, split by complete,"
                + " ROUND_ROBIN): 4 of 4 sub-configurations");
        assertThat(s.describe()).hasSize(5).element(1).asString()
                .isEqualTo("  #1 model=m1,scheduler=s1,query=q1 (1 model entity) on members [0]");
        assertThat(s.mine().stream().map(SubConfig::key).collect(Collectors.toSet())).hasSize(4);
    }
}

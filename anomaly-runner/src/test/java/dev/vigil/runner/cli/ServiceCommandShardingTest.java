package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code VMANOMALY_*} sharding variables on the command line: a member's share, the dry run, errors. */
class ServiceCommandShardingTest {

    @TempDir
    Path dir;

    @AfterEach
    void resetEnvironment() {
        ServiceCommand.environment = null;
    }

    /** Two models on one query under a backtesting scheduler, files in and out. */
    Path config(Path out) throws Exception {
        Random rnd = new Random(5);
        StringBuilder csv = new StringBuilder("timestamp,cpu{host=\"a\"}\n");
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 120; i++) {
            csv.append(t0.plusSeconds(60L * i)).append(',').append(20 + rnd.nextGaussian()).append('\n');
        }
        Path data = Files.writeString(dir.resolve("data.csv"), csv.toString());
        return Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "schedulers:",
                "  bt: {class: backtesting, from_iso: '2024-01-01T01:00:00Z', to_iso: '2024-01-01T02:00:00Z',"
                        + " fit_window: 1h, fit_every: 30m, inference_only: true}",
                "models:",
                "  a: {class: zscore_online, queries: [cpu], schedulers: [bt]}",
                "  b: {class: mad_online, queries: [cpu], schedulers: [bt]}",
                "reader: {class: file, path: " + data + ", sampling_period: 1m, queries: {cpu: 'cpu'}}",
                "writer: {class: file, path: " + out + "}",
                ""));
    }

    static Map<String, String> env(int count, int num, int r) {
        Map<String, String> env = new HashMap<>();
        env.put("VMANOMALY_MEMBERS_COUNT", String.valueOf(count));
        env.put("VMANOMALY_MEMBER_NUM", String.valueOf(num));
        env.put("VMANOMALY_REPLICATION_FACTOR", String.valueOf(r));
        return env;
    }

    @Test
    void run_memberOfTwo_runsOnlyItsModel() throws Exception {
        Map<Integer, TreeSet<String>> models = new HashMap<>();
        for (int n = 0; n < 2; n++) {
            Path out = dir.resolve("out" + n + ".jsonl");
            ServiceCommand.environment = env(2, n, 1);
            ServiceCommandTest.Run r = ServiceCommandTest.run("run", config(out).toString(), "-loggerLevel=WARNING");
            assertThat(r.code()).as(r.err()).isZero();
            TreeSet<String> seen = new TreeSet<>();
            for (String l : Files.readAllLines(out)) {
                seen.add(l.replaceAll(".*\"model_alias\":\"([^\"]+)\".*", "$1"));
            }
            models.put(n, seen);
        }
        assertThat(models).containsEntry(0, new TreeSet<>(List.of("a"))).containsEntry(1, new TreeSet<>(List.of("b")));
    }

    @Test
    void run_memberWithNothingAssigned_exits1WithoutWriting() throws Exception {
        Path out = dir.resolve("none.jsonl");
        ServiceCommand.environment = Map.of("VMANOMALY_MEMBERS_COUNT", "3", "HOSTNAME", "vigil-2");
        ServiceCommandTest.Run r = ServiceCommandTest.run("run", config(out).toString(), "-loggerLevel=WARNING");
        assertThat(r.code()).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void dryRun_sharded_printsTheMembersShare() throws Exception {
        ServiceCommand.environment = env(2, 1, 2);
        ServiceCommandTest.Run r = ServiceCommandTest.run(config(dir.resolve("o.jsonl")).toString(), "--dryRun");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# member 1 of 2 (replication factor 2, split by complete, ROUND_ROBIN): 2 of 2"
                + " sub-configurations", "#   #1 model=a,scheduler=bt,query=cpu (1 model entity) on members [0, 1]",
                "#   #2 model=b,scheduler=bt,query=cpu (1 model entity) on members [0, 1]");
        ServiceCommand.environment = env(3, 2, 1);
        ServiceCommandTest.Run empty = ServiceCommandTest.run(config(dir.resolve("o.jsonl")).toString(), "--dryRun");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).contains("# member 2 of 3", ": 0 of 2 sub-configurations",
                "# this member has nothing to run: the service would exit with code 1");
    }

    @Test
    void badShardingVariable_exits2NamingTheVariable() throws Exception {
        ServiceCommand.environment = Map.of("VMANOMALY_MEMBERS_COUNT", "2", "VMANOMALY_MEMBER_NUM", "2");
        ServiceCommandTest.Run r = ServiceCommandTest.run(config(dir.resolve("o.jsonl")).toString(), "--dryRun");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("vigil: invalid sharding: member number 2 (from VMANOMALY_MEMBER_NUM '2') must be"
                + " below VMANOMALY_MEMBERS_COUNT (2)").doesNotContain("\tat ");
        ServiceCommand.environment = Map.of("VMANOMALY_SPLIT_BY", "extra_filters");
        ServiceCommandTest.Run f = ServiceCommandTest.run(config(dir.resolve("o.jsonl")).toString(), "--dryRun");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("VMANOMALY_SPLIT_BY is 'extra_filters' but reader.extra_filters does not exist"
                + " for the file reader");
    }
}

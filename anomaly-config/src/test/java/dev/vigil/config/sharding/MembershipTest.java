package dev.vigil.config.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipTest {

    @Test
    void fromEnv_nothingSet_isOneMemberRunningEverything() throws ShardingException {
        assertThat(Membership.fromEnv(Map.of())).isEqualTo(Membership.SINGLE);
        assertThat(Membership.fromEnv(Map.of("HOSTNAME", "laptop"))).isEqualTo(Membership.SINGLE);
    }

    @Test
    void fromEnv_everyVariableSet_readsThem() throws ShardingException {
        Membership m = Membership.fromEnv(Map.of("VMANOMALY_MEMBERS_COUNT", "5", "VMANOMALY_MEMBER_NUM", " 3 ",
                "VMANOMALY_REPLICATION_FACTOR", "2", "VMANOMALY_SPLIT_BY", "Extra_Filters",
                "VMANOMALY_SHARDING_STRATEGY", "rendezvous", "HOSTNAME", "vigil-1"));
        assertThat(m).isEqualTo(new Membership(5, 3, 2, SplitBy.EXTRA_FILTERS, Strategy.RENDEZVOUS));
    }

    @Test
    void fromEnv_memberNumUnset_takesTheStatefulSetPodOrdinal() throws ShardingException {
        Membership m = Membership.fromEnv(Map.of("VMANOMALY_MEMBERS_COUNT", "3", "HOSTNAME", "vigil-node-exporter-2"));
        assertThat(m.num()).isEqualTo(2);
        assertThat(m.sharded()).isTrue();
    }

    @Test
    void fromEnv_badValues_nameTheVariableAndValue() {
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "three"), "VMANOMALY_MEMBERS_COUNT must be an integer; got 'three'");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "0"), "VMANOMALY_MEMBERS_COUNT must be at least 1; got '0'");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "3", "VMANOMALY_MEMBER_NUM", "3"),
                "member number 3 (from VMANOMALY_MEMBER_NUM '3') must be below VMANOMALY_MEMBERS_COUNT (3)");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "3", "VMANOMALY_MEMBER_NUM", "-1"), "member number -1");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "3", "HOSTNAME", "vigil-7"),
                "member number 7 (from the ordinal of HOSTNAME 'vigil-7') must be below VMANOMALY_MEMBERS_COUNT (3)");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "3", "HOSTNAME", "laptop"),
                "VMANOMALY_MEMBER_NUM is not set and HOSTNAME 'laptop' does not end in a pod ordinal");
        expectError(Map.of("VMANOMALY_MEMBERS_COUNT", "2", "VMANOMALY_MEMBER_NUM", "0",
                "VMANOMALY_REPLICATION_FACTOR", "3"), "VMANOMALY_REPLICATION_FACTOR must be between 1 and"
                + " VMANOMALY_MEMBERS_COUNT (2); got '3'");
        expectError(Map.of("VMANOMALY_REPLICATION_FACTOR", "0"), "VMANOMALY_REPLICATION_FACTOR must be between 1");
        expectError(Map.of("VMANOMALY_REPLICATION_FACTOR", "1.5"), "VMANOMALY_REPLICATION_FACTOR must be an integer;"
                + " got '1.5'");
        expectError(Map.of("VMANOMALY_SPLIT_BY", "series"), "VMANOMALY_SPLIT_BY must be one of complete, schedulers,"
                + " models, queries, extra_filters; got 'series'");
        expectError(Map.of("VMANOMALY_SHARDING_STRATEGY", "consistent"),
                "VMANOMALY_SHARDING_STRATEGY must be ROUND_ROBIN or RENDEZVOUS; got 'consistent'");
    }

    private static void expectError(Map<String, String> env, String message) {
        assertThatThrownBy(() -> Membership.fromEnv(env)).as(env.toString())
                .isInstanceOf(ShardingException.class).hasMessageContaining(message);
    }
}

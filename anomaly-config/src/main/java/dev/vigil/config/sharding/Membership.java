package dev.vigil.config.sharding;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which member of how many this process is, and how the configuration is shared among them, read from
 * vmanomaly's environment variables. Immutable and thread-safe.
 *
 * @param count             {@code VMANOMALY_MEMBERS_COUNT}: K members, default 1 (no sharding)
 * @param num               {@code VMANOMALY_MEMBER_NUM}: this member, 0..K-1; when unset, the ordinal at the
 *                          end of {@code HOSTNAME} (a StatefulSet pod {@code vigil-2} is member 2); else 0
 * @param replicationFactor {@code VMANOMALY_REPLICATION_FACTOR}: R members run each sub-configuration,
 *                          1..K, default 1
 * @param splitBy           {@code VMANOMALY_SPLIT_BY}, default {@link SplitBy#COMPLETE}
 * @param strategy          {@code VMANOMALY_SHARDING_STRATEGY}, default {@link Strategy#ROUND_ROBIN}
 */
public record Membership(int count, int num, int replicationFactor, SplitBy splitBy, Strategy strategy) {

    /** The number of members. */
    public static final String MEMBERS_COUNT = "VMANOMALY_MEMBERS_COUNT";
    /** This member's number. */
    public static final String MEMBER_NUM = "VMANOMALY_MEMBER_NUM";
    /** How many members run each sub-configuration. */
    public static final String REPLICATION_FACTOR = "VMANOMALY_REPLICATION_FACTOR";
    /** The entity the configuration is split by. */
    public static final String SPLIT_BY = "VMANOMALY_SPLIT_BY";
    /** Round-robin or rendezvous assignment. */
    public static final String SHARDING_STRATEGY = "VMANOMALY_SHARDING_STRATEGY";
    /** The host name, a StatefulSet pod's name ({@code <statefulset>-<ordinal>}) in Kubernetes. */
    public static final String HOSTNAME = "HOSTNAME";

    /** A single member running everything. */
    public static final Membership SINGLE = new Membership(1, 0, 1, SplitBy.COMPLETE, Strategy.ROUND_ROBIN);

    private static final Pattern ORDINAL = Pattern.compile("-(\\d{1,9})$");

    /** Checks the ranges. */
    public Membership {
        if (count < 1 || num < 0 || num >= count || replicationFactor < 1 || replicationFactor > count
                || splitBy == null || strategy == null) {
            throw new IllegalArgumentException("invalid membership: count=" + count + ", num=" + num
                    + ", replicationFactor=" + replicationFactor + ", splitBy=" + splitBy + ", strategy=" + strategy);
        }
    }

    /** Whether the configuration is shared at all (more than one member). */
    public boolean sharded() {
        return count > 1;
    }

    /**
     * The membership the environment describes; unset or blank variables take their defaults.
     *
     * @throws ShardingException naming the variable and its value: not an integer, K or R below 1,
     *     member number outside 0..K-1 (also when taken from {@code HOSTNAME}), R above K, an unknown split
     *     or strategy, or several members without a member number
     */
    public static Membership fromEnv(Map<String, String> env) throws ShardingException {
        int count = integer(env, MEMBERS_COUNT, 1);
        if (count < 1) {
            throw new ShardingException(MEMBERS_COUNT + " must be at least 1; got '" + env.get(MEMBERS_COUNT) + "'");
        }
        int r = integer(env, REPLICATION_FACTOR, 1);
        if (r < 1 || r > count) {
            throw new ShardingException(REPLICATION_FACTOR + " must be between 1 and " + MEMBERS_COUNT + " (" + count
                    + "); got '" + env.get(REPLICATION_FACTOR) + "'");
        }
        int num;
        String where;
        if (!blank(env.get(MEMBER_NUM))) {
            num = integer(env, MEMBER_NUM, 0);
            where = MEMBER_NUM + " '" + env.get(MEMBER_NUM) + "'";
        } else if (count > 1) {
            String host = env.get(HOSTNAME);
            Matcher m = ORDINAL.matcher(host == null ? "" : host.trim());
            if (!m.find()) {
                throw new ShardingException(MEMBERS_COUNT + " is " + count + " but " + MEMBER_NUM + " is not set and "
                        + HOSTNAME + " '" + (host == null ? "" : host) + "' does not end in a pod ordinal such as"
                        + " vigil-2; set " + MEMBER_NUM + " (0.." + (count - 1) + ")");
            }
            num = Integer.parseInt(m.group(1));
            where = "the ordinal of " + HOSTNAME + " '" + host.trim() + "'";
        } else {
            num = 0;
            where = null;
        }
        if (num < 0 || num >= count) {
            throw new ShardingException("member number " + num + " (from " + where + ") must be below " + MEMBERS_COUNT
                    + " (" + count + "): members are numbered 0.." + (count - 1)
                    + "; make the StatefulSet's replicas equal to " + MEMBERS_COUNT);
        }
        SplitBy split = blank(env.get(SPLIT_BY)) ? SplitBy.COMPLETE : SplitBy.parse(SPLIT_BY, env.get(SPLIT_BY));
        Strategy strategy = blank(env.get(SHARDING_STRATEGY)) ? Strategy.ROUND_ROBIN
                : Strategy.parse(SHARDING_STRATEGY, env.get(SHARDING_STRATEGY));
        return new Membership(count, num, r, split, strategy);
    }

    private static int integer(Map<String, String> env, String name, int dflt) throws ShardingException {
        String v = env.get(name);
        if (blank(v)) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ShardingException(name + " must be an integer; got '" + v + "'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "member " + num + " of " + count + " (replication factor " + replicationFactor + ", split by "
                + splitBy.spelling() + ", " + strategy + ")";
    }
}

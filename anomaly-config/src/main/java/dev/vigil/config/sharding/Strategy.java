package dev.vigil.config.sharding;

import java.util.Locale;

/** How sub-configurations are assigned to members ({@code VMANOMALY_SHARDING_STRATEGY}). */
public enum Strategy {
    /**
     * Sub-configuration {@code i} (0-based, in {@link SubConfigs}' order) goes to members
     * {@code i mod K, (i+1) mod K, ..., (i+R-1) mod K}: balanced to one sub-configuration, but adding or
     * removing one shifts every later sub-configuration to another member. The default.
     */
    ROUND_ROBIN,
    /**
     * Rendezvous (highest random weight) hashing of each sub-configuration's key: it goes to the R members
     * with the highest weight {@code hash(key, member)}. A sub-configuration keeps its members when others
     * are added or removed, so members keep their models' state across configuration changes; the
     * balance is statistical.
     */
    RENDEZVOUS;

    /**
     * The strategy named {@code text} (case-insensitive; {@code -} reads as {@code _}).
     *
     * @throws ShardingException naming {@code variable} and the value when it is no strategy
     */
    static Strategy parse(String variable, String text) throws ShardingException {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Strategy s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        throw new ShardingException(variable + " must be ROUND_ROBIN or RENDEZVOUS; got '" + text + "'");
    }
}

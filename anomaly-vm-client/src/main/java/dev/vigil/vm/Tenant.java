package dev.vigil.vm;

/**
 * A VictoriaMetrics cluster tenant: none (single node), {@code accountID[:projectID]}, or
 * {@code multitenant}. Immutable.
 *
 * @param value {@code ""} for single node, {@code "multitenant"}, or {@code "<account>:<project>"}
 */
public record Tenant(String value) {

    /** The single-node "tenant": no {@code /select/...} or {@code /insert/...} prefix. */
    public static final Tenant SINGLE = new Tenant("");
    /** The VictoriaMetrics multitenant endpoint (tenant taken from {@code vm_account_id}/{@code vm_project_id}). */
    public static final Tenant MULTITENANT = new Tenant("multitenant");

    /** Validates the value; use {@link #parse(String, String)} for user input. */
    public Tenant {
        if (value == null) {
            throw new VmConfigException("tenant must not be null");
        }
    }

    /**
     * Parses a {@code tenant_id}: null or blank means single node, {@code "7"} means {@code 7:0}.
     *
     * @param key the config key, for the error message
     */
    public static Tenant parse(String key, String text) {
        if (text == null || text.isBlank()) {
            return SINGLE;
        }
        String s = text.trim();
        if (s.equals("multitenant")) {
            return MULTITENANT;
        }
        String[] parts = s.split(":", -1);
        if (parts.length > 2 || !isUint32(parts[0]) || (parts.length == 2 && !isUint32(parts[1]))) {
            throw new VmConfigException(key, "'" + key + "' must be 'accountID[:projectID]' (unsigned 32-bit integers)"
                    + " or 'multitenant', got '" + text + "'");
        }
        return new Tenant(Long.parseLong(parts[0]) + ":" + (parts.length == 2 ? Long.parseLong(parts[1]) : 0));
    }

    private static boolean isUint32(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(s) <= 0xFFFF_FFFFL;
    }

    /** Whether this is the single-node case. */
    public boolean isSingle() {
        return value.isEmpty();
    }

    /** Whether this is the multitenant endpoint. */
    public boolean isMultitenant() {
        return value.equals("multitenant");
    }

    /** The read path prefix: {@code ""} or {@code /select/<tenant>/prometheus}. */
    public String selectPrefix() {
        return isSingle() ? "" : "/select/" + value + "/prometheus";
    }

    /** The write path prefix: {@code ""} or {@code /insert/<tenant>/prometheus}. */
    public String insertPrefix() {
        return isSingle() ? "" : "/insert/" + value + "/prometheus";
    }

    @Override
    public String toString() {
        return isSingle() ? "single-node" : value;
    }
}

package dev.vigil.runner.state;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration signatures of the combinations a configuration persists: a SHA-256 (hex, first
 * 16 bytes) of everything that decides what a stored model means, namely the model's class and its
 * resolved arguments for the query (query-level policies and settings defaults applied), the query
 * (expression, step, data range, tenant, offset, time zone, policies) and the scheduler's settings.
 * Map keys are sorted first, so reordering keys in the YAML does not change a signature.
 *
 * <p>Only periodic schedulers persist: one-off and backtesting schedulers have no combinations in
 * {@link #of}; {@link #all} has them too. Stateless and thread-safe.
 */
public final class Signatures {

    private Signatures() {
    }

    /** Every persisted combination of {@code config}, with its signature, in the config's order. */
    public static Map<Combination, String> of(RunnerConfig config) {
        return of(config, true);
    }

    /**
     * Every combination of {@code config} under any scheduler, with its signature, in the config's
     * order: what a hot reload compares ({@link ConfigDiff}).
     */
    public static Map<Combination, String> all(RunnerConfig config) {
        return of(config, false);
    }

    private static Map<Combination, String> of(RunnerConfig config, boolean periodicOnly) {
        Map<Combination, String> out = new LinkedHashMap<>();
        for (ModelConfig m : config.models().values()) {
            for (String s : m.schedulers()) {
                SchedulerConfig sc = config.schedulers().get(s);
                if (sc == null || periodicOnly && !(sc instanceof SchedulerConfig.Periodic)) {
                    continue;
                }
                for (String q : m.queries()) {
                    QueryConfig qc = config.reader().queries().get(q);
                    if (qc != null && m.attached(s, q)) {
                        out.put(new Combination(s, m.alias(), q), signature(m, qc, sc));
                    }
                }
            }
        }
        return out;
    }

    /** The signature of model {@code m} on query {@code q} under scheduler {@code s}. */
    static String signature(ModelConfig m, QueryConfig q, SchedulerConfig s) {
        Object spec = m.specs().get(q.alias()) == null ? m.args() : m.specs().get(q.alias()).resolvedArgs();
        String text = "model=" + m.modelClass() + canonical(spec) + "\nquery=" + q.client() + canonical(q.policies())
                + "\nscheduler=" + s;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code v} with every map's keys sorted, as text. */
    static String canonical(Object v) {
        if (v instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, x) -> sorted.put(String.valueOf(k), canonical(x)));
            return sorted.toString();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            list.forEach(x -> out.add(canonical(x)));
            return out.toString();
        }
        if (v instanceof double[] d) {
            return java.util.Arrays.toString(d);
        }
        return String.valueOf(v);
    }
}

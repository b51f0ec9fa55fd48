package dev.vigil.runner.cli;

import dev.vigil.models.Refit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Option values shared by the commands that replay models ({@code score}, {@code evaluate}): model
 * arguments from {@code --arg KEY=VALUE} and refit spans from {@code --fit-every}/{@code --fit-window}.
 * Every mistake is a {@link UserException} naming the option.
 */
public final class CliArgs {

    private CliArgs() {
    }

    /**
     * The model arguments with dotted keys nested: {@code args.interval_width=0.98} becomes
     * {@code {args: {interval_width: 0.98}}}, so that nested arguments such as prophet's and
     * holtwinters' {@code args} can be given on the command line.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String[] path = e.getKey().split("\\.", -1);
            Map<String, Object> at = out;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new UserException("--arg " + e.getKey() + ": '" + path[i] + "' is also given a value of its own");
                }
                at = (Map<String, Object>) next;
            }
            if (at.containsKey(path[path.length - 1])) {
                throw new UserException("--arg " + e.getKey() + " conflicts with another --arg");
            }
            at.put(path[path.length - 1], e.getValue());
        }
        return out;
    }

    /** {@link Refit.Span#parse} of an option's value, a bad one reported with the option's name. */
    public static Refit.Span span(String option, String text) {
        try {
            return Refit.Span.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}

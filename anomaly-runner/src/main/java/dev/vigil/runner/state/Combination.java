package dev.vigil.runner.state;

/**
 * One (scheduler, model, query) combination: the unit whose state is stored, reused, refitted or
 * deleted. Immutable and thread-safe.
 */
public record Combination(String scheduler, String model, String query) {

    @Override
    public String toString() {
        return "scheduler '" + scheduler + "', model '" + model + "', query '" + query + "'";
    }
}

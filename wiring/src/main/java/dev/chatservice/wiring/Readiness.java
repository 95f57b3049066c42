package dev.chatservice.wiring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The outcome of a process's readiness checks: each named check up or down, and ready only if all are up. */
public record Readiness(boolean ready, Map<String, String> checks) {

    /** Runs every check; one that throws counts as down. */
    public static Readiness evaluate(Map<String, BooleanSupplier> checks) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean up;
            try {
                up = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            results.put(check.getKey(), up ? "up" : "down");
            ready &= up;
        }
        return new Readiness(ready, results);
    }
}

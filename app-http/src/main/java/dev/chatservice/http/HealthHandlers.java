package dev.chatservice.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process alone) and readiness (every backing service answers). */
final class HealthHandlers {
    private final Map<String, BooleanSupplier> checks;
    private final Responses responses;

    HealthHandlers(Map<String, BooleanSupplier> checks, Responses responses) {
        this.checks = checks;
        this.responses = responses;
    }

    void live(Context ctx) {
        responses.json(ctx, 200, Map.of("status", "live"));
    }

    void ready(Context ctx) {
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
        if (!ready) {
            ctx.header("Retry-After", "1");
        }
        responses.json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "unready", "checks", results));
    }
}

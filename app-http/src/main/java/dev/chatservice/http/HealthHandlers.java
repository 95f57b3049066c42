package dev.chatservice.http;

import dev.chatservice.wiring.Readiness;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process alone) and readiness (every backing service answers). */
final class HealthHandlers {
    private final Map<String, BooleanSupplier> checks;
    private final BooleanSupplier draining;
    private final Responses responses;

    HealthHandlers(Map<String, BooleanSupplier> checks, BooleanSupplier draining, Responses responses) {
        this.checks = checks;
        this.draining = draining;
        this.responses = responses;
    }

    void live(Context ctx) {
        responses.json(ctx, 200, Map.of("status", "live"));
    }

    void ready(Context ctx) {
        if (draining.getAsBoolean()) {
            ctx.header("Retry-After", "1");
            responses.json(ctx, 503, Map.of("status", "draining"));
            return;
        }
        Readiness readiness = Readiness.evaluate(checks);
        if (!readiness.ready()) {
            ctx.header("Retry-After", "1");
        }
        responses.json(ctx, readiness.ready() ? 200 : 503,
                Map.of("status", readiness.ready() ? "ready" : "unready", "checks", readiness.checks()));
    }
}

package dev.chatservice.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Readiness is the conjunction of the checks, and a check that throws is down. */
class ReadinessTest {

    @Test
    void evaluate_allUp_isReady() {
        assertTrue(Readiness.evaluate(Map.of("a", () -> true, "b", () -> true)).ready());
    }

    @Test
    void evaluate_oneThrows_isUnreadyAndNamesIt() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("mysql", () -> true);
        checks.put("rabbitmq", () -> {
            throw new IllegalStateException("closed");
        });
        Readiness readiness = Readiness.evaluate(checks);
        assertFalse(readiness.ready());
        assertEquals(Map.of("mysql", "up", "rabbitmq", "down"), readiness.checks());
    }
}

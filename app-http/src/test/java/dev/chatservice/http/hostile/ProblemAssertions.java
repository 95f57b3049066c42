package dev.chatservice.http.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Checks that an error is a complete RFC 9457 problem and that no response shows the server's insides. */
final class ProblemAssertions {
    static final String TYPE_PREFIX = "https://chat-service.dev/problems/";

    /** Text that only a stack trace, a class name or a database error would put in a response. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.", "at java.", "at io.", "at org.",
            "Caused by", ".java:", "dev.chatservice", "java.lang", "java.util", "com.fasterxml", "org.eclipse",
            "io.javalin", "Jackson", "Jetty", "Javalin", "SQL", "SELECT ", "INSERT INTO", "DELETE FROM",
            "Elasticsearch", "RabbitMQ", "Redis");

    private ProblemAssertions() {}

    /** Asserts the status, the problem content type, every required member, and no leak; returns the problem. */
    static JsonNode assertProblem(Wire.Response response, int status, String type) {
        assertEquals(status, response.status(), response.toString());
        assertEquals("application/problem+json", response.header("content-type"), response.toString());
        JsonNode problem = response.json();
        assertEquals(TYPE_PREFIX + type, problem.path("type").asText(), response.toString());
        assertEquals(status, problem.path("status").asInt(), response.toString());
        assertTrue(problem.path("title").isTextual() && !problem.path("title").asText().isBlank(), response.toString());
        assertTrue(problem.path("detail").isTextual() && !problem.path("detail").asText().isBlank(),
                response.toString());
        assertTrue(problem.path("instance").isTextual(), response.toString());
        assertTrue(problem.path("field").isMissingNode() || problem.path("field").isTextual(), response.toString());
        assertNoInternals(response);
        return problem;
    }

    /** Asserts that neither the body nor a header names a class, a stack frame, a query or a backing service. */
    static void assertNoInternals(Wire.Response response) {
        String all = response.headers() + "\n" + response.text();
        for (String leak : LEAKS) {
            assertFalse(all.contains(leak), "response shows '" + leak + "': " + response);
        }
        assertFalse(all.toLowerCase(Locale.ROOT).contains("stacktrace"), response.toString());
        String server = response.header("server");
        assertTrue(server == null || !server.matches(".*\\d.*"), "server version shown: " + server);
    }
}

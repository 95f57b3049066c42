package dev.chatservice.http.hostile;

import static dev.chatservice.http.hostile.ProblemAssertions.assertNoInternals;
import static dev.chatservice.http.hostile.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.http.hostile.HostileCases.Case;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests from one table ({@link HostileCases}): each gets its 4xx as a complete problem with nothing of
 * the server's insides, and leaves everything a client can read exactly as it was.
 */
class HostileRequestsTest {
    private static HostileServer server;
    private static Wire wire;
    private static Fixture fixture;
    /** What the API showed before the current case; a case that changed it fails, and the next compares afresh. */
    private static ApiState expected;

    @BeforeAll
    static void start() {
        server = new HostileServer();
        wire = new Wire(server.port());
        fixture = Fixture.create(wire, server);
        expected = ApiState.read(wire, server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Case> hostileRequests() {
        return HostileCases.all().stream();
    }

    @Test
    void table_everyCase_atLeast150BadRequests() {
        List<Case> cases = HostileCases.all();
        assertTrue(cases.size() >= 150, "only " + cases.size() + " cases");
        assertEquals(cases.size(), cases.stream().map(Case::name).distinct().count(), "case names are unique");
        assertTrue(cases.stream().allMatch(c -> c.status() >= 400 && c.status() < 500));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileRequests")
    void send_hostileRequest_answersProblemAndChangesNothing(Case hostile) {
        Map<String, String> headers = new LinkedHashMap<>();
        hostile.headers().forEach((name, value) -> headers.put(name, fixture.resolve(value)));
        Wire.Response response = wire.send(hostile.method(), fixture.resolve(hostile.target()), headers,
                hostile.body());
        ApiState after = ApiState.read(wire, server);
        ApiState before = expected;
        expected = after;
        assertProblem(response, hostile.status(), hostile.type());
        assertEquals(before, after, "state changed by: " + hostile.name());
    }

    /**
     * Requests Jetty refuses before any route sees them. They get a 4xx problem+json (through the Jetty error
     * handler HttpApi installs) without internals, and change nothing.
     */
    static Stream<Case> refusedByJetty() {
        return Stream.of(
                bare("dot segments above the root", "GET", "/../../etc/passwd", Map.of(), 400),
                bare("encoded dot segments above the root", "GET", "/%2e%2e/%2e%2e/etc/passwd", Map.of(), 400),
                bare("encoded dot segments under /applications", "GET", "/applications/%2e%2e/%2e%2e/etc/passwd",
                        Map.of(), 400),
                bare("dot segment with a path parameter", "GET", "/applications/..;/applications", Map.of(), 400),
                bare("encoded NUL as a chat", "GET", "{A}/chats/%00", Map.of(), 400),
                bare("encoded NUL after a number", "DELETE", "{A}/chats/1%00", Map.of(), 400),
                bare("encoded NUL after the token", "GET", "{A}%00", Map.of(), 400),
                bare("invalid UTF-8 in the path", "GET", "{A}/chats/%ff", Map.of(), 400),
                bare("broken percent-escape", "GET", "{A}/chats/%zz", Map.of(), 400),
                bare("URI of 10,000 characters", "GET", "{A}/chats/1/messages/search?q=" + "a".repeat(10_000),
                        Map.of(), 414),
                bare("header of 20,000 characters", "GET", "{A}", Map.of("X-Padding", "x".repeat(20_000)), 431),
                bare("Content-Length beside chunked", "POST", "{A}/chats/1/messages",
                        Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked",
                                "Content-Length", "5"), 400),
                bare("absolute URI of another host", "GET", "http://evil.example{A}", Map.of(), 400),
                bare("asterisk target", "GET", "*", Map.of(), 400),
                bare("CONNECT", "CONNECT", "/applications", Map.of(), 400));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusedByJetty")
    void send_refusedByJetty_answers4xxWithoutInternalsAndChangesNothing(Case hostile) {
        Map<String, String> headers = new LinkedHashMap<>();
        hostile.headers().forEach((name, value) -> headers.put(name, fixture.resolve(value)));
        byte[] body = hostile.method().equals("POST")
                ? HostileCases.chunk(HostileCases.utf8("{\"body\":\"x\"}")) : null;
        Wire.Response response = wire.send(hostile.method(), fixture.resolve(hostile.target()), headers, body);
        ApiState after = ApiState.read(wire, server);
        ApiState before = expected;
        expected = after;
        assertEquals(hostile.status(), response.status(), response.toString());
        assertEquals("application/problem+json", response.header("Content-Type"), response.toString());
        assertNoInternals(response);
        assertEquals(before, after, "state changed by: " + hostile.name());
    }

    private static Case bare(String name, String method, String target, Map<String, String> headers, int status) {
        return new Case(name, method, target, headers, null, status, null);
    }
}

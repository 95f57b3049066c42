package dev.chatservice.http.hostile;

import static dev.chatservice.http.hostile.ProblemAssertions.assertNoInternals;
import static dev.chatservice.http.hostile.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Properties of request parsing over real HTTP, on seeded random input ({@link Trials}): nothing a client sends
 * gets a 5xx, every refusal is a problem without internals, and each input is accepted exactly when documented.
 */
class HttpPropertiesTest {
    /** Statuses Jetty itself gives before routing (see HostileRequestsTest). */
    private static final Set<Integer> REFUSED_BY_JETTY = Set.of(400, 414, 431);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final BigInteger MAX_NUMBER = BigInteger.valueOf(Integer.MAX_VALUE);

    private static HostileServer server;
    private static Wire wire;

    @BeforeAll
    static void start() {
        server = new HostileServer();
        wire = new Wire(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bodyEndpoints_arbitraryBytes_neverAnswer5xx() {
        String app = newApplication();
        List<String[]> endpoints = List.of(new String[] {"POST", "/applications"}, new String[] {"PATCH", app},
                new String[] {"PUT", app}, new String[] {"POST", app + "/chats/1/messages"},
                new String[] {"PATCH", app + "/chats/1/messages/1"}, new String[] {"PUT", app + "/chats/1/messages/1"});
        Trials.forAll(200, HttpPropertiesTest::arbitraryBody, body -> {
            String[] endpoint = endpoints.get(Math.floorMod(java.util.Arrays.hashCode(body), endpoints.size()));
            assertSane(wire.send(endpoint[0], endpoint[1], Map.of("Content-Type", "application/json"), body));
        });
    }

    @Test
    void everyRoute_arbitraryPathSegment_neverAnswers5xx() {
        String app = newApplication();
        List<String> routes = List.of("/applications/S", app + "/chats/S", app + "/chats/S/messages",
                app + "/chats/1/messages/S", app + "/chats/S/messages/search?q=hello", "/applications/S/chats",
                app + "/S");
        List<String> methods = List.of("GET", "POST", "PATCH", "PUT", "DELETE");
        Trials.forAll(200, random -> new String[] {methods.get(random.nextInt(methods.size())),
                routes.get(random.nextInt(routes.size())).replace("S",
                        Trials.encode(random, Trials.text(random, 40), "/.;%!$&'()*+,=:@"))}, request -> {
            byte[] body = request[0].equals("GET") || request[0].equals("DELETE") ? null
                    : Wire.utf8("{\"body\":\"x\"}");
            assertSane(wire.send(request[0], request[1], Map.of("Content-Type", "application/json"), body));
        });
    }

    @Test
    void lists_arbitraryQueryParameters_neverAnswer5xx() {
        String app = newApplication();
        List<String> lists = List.of(app + "/chats?", app + "/chats/1/messages?", app + "/chats/1/messages/search?",
                "/applications?");
        List<String> names = List.of("q", "limit", "cursor", "q", "limit", "cursor", "x");
        Trials.forAll(200, random -> {
            StringBuilder target = new StringBuilder(lists.get(random.nextInt(lists.size())));
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                target.append(i == 0 ? "" : "&").append(names.get(random.nextInt(names.size()))).append('=')
                        .append(Trials.encode(random, Trials.text(random, 60), "%+/?:@!$'()*,;"));
            }
            return target.toString();
        }, target -> assertSane(wire.get(target, Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY))));
    }

    @Test
    void pathNumber_anyDigitString_acceptedExactlyFrom1To2147483647() {
        String app = newApplication();
        Trials.forAll(200, HttpPropertiesTest::numberLike, number -> {
            Wire.Response response = wire.get(app + "/chats/" + number);
            BigInteger value = number.matches("[0-9]+") ? new BigInteger(number) : null;
            if (value == null || value.signum() == 0 || value.compareTo(MAX_NUMBER) > 0) {
                assertProblem(response, 400, "invalid-parameter");
            } else if (value.equals(BigInteger.ONE)) {
                assertEquals(200, response.status(), response.toString());
            } else {
                assertProblem(response, 404, "chat-not-found");
            }
        });
    }

    @Test
    void limit_anyDigitString_acceptedExactlyFrom1To200() {
        String app = newApplication();
        Trials.forAll(200, HttpPropertiesTest::numberLike, limit -> {
            Wire.Response response = wire.get(app + "/chats/1/messages?limit=" + limit);
            BigInteger value = limit.matches("[0-9]+") ? new BigInteger(limit) : null;
            if (value != null && value.signum() > 0 && value.compareTo(BigInteger.valueOf(200)) <= 0) {
                assertEquals(200, response.status(), response.toString());
            } else {
                assertProblem(response, 400, "invalid-parameter");
            }
        });
    }

    @Test
    void createChat_arbitraryIdempotencyKey_acceptedExactlyWhenPrintableAscii() {
        String app = newApplication();
        String chats = app + "/chats";
        Trials.forAll(150, random -> {
            StringBuilder key = new StringBuilder();
            for (int i = 0, n = random.nextInt(4) == 0 ? 250 + random.nextInt(10) : random.nextInt(12); i < n; i++) {
                int kind = random.nextInt(20);
                key.append(kind == 0 ? '\t' : kind == 1 ? (char) (0xa0 + random.nextInt(0x60))
                        : (char) (0x20 + random.nextInt(0x5f)));
            }
            return key.toString();
        }, key -> {
            Wire.Response response = wire.send("POST", chats, Map.of("Idempotency-Key", key), null);
            // HTTP drops the spaces and tabs around a header value before anyone reads it.
            if (IDEMPOTENCY_KEY.matcher(key.strip()).matches()) {
                assertEquals(202, response.status(), response.toString());
            } else {
                assertProblem(response, 400, "invalid-parameter");
            }
        });
    }

    @Test
    void createMessage_arbitraryUnicodeBody_acceptedExactlyWhenDocumented() {
        String app = newApplication();
        String messages = app + "/chats/1/messages";
        Trials.forAll(200, random -> random.nextInt(10) == 0 ? Trials.text(random, 4200) : Trials.text(random, 80),
                body -> {
                    // JSON escapes carry every UTF-16 unit, lone surrogates included, through the UTF-8 body.
                    Wire.Response response = wire.send("POST", messages, Map.of("Content-Type", "application/json"),
                            Wire.utf8("{\"body\":\"" + jsonEscaped(body) + "\"}"));
                    if (documentedText(body, 4096)) {
                        assertEquals(202, response.status(), response.toString());
                        assertEquals(body, response.json().get("body").asText());
                    } else {
                        assertProblem(response, 422, "invalid-field");
                    }
                });
    }

    /** README: 1 to max Unicode code points, not all whitespace, no control character but tab, CR and LF. */
    static boolean documentedText(String text, int maxCodePoints) {
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length == 0 || codePoints.length > maxCodePoints) {
            return false;
        }
        boolean visible = false;
        for (int c : codePoints) {
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                return false; // a lone surrogate is no Unicode character at all
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            visible |= !Character.isWhitespace(c);
        }
        return visible;
    }

    /** No response is a 5xx; a refusal is a problem, or Jetty's own 4xx for what never reached a route. */
    private static void assertSane(Wire.Response response) {
        assertTrue(response.status() < 500, response.toString());
        assertNoInternals(response);
        if (response.status() >= 400) {
            if ("application/problem+json".equals(response.header("content-type"))) {
                JsonNode problem = response.json();
                assertProblem(response, response.status(),
                        problem.path("type").asText().substring(ProblemAssertions.TYPE_PREFIX.length()));
            } else {
                assertTrue(REFUSED_BY_JETTY.contains(response.status()), response.toString());
            }
        }
    }

    /** Random bytes, valid bodies with bytes changed, or JSON tokens in a random order. */
    private static byte[] arbitraryBody(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 16 : 3000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> {
                byte[] bytes = Wire.utf8(random.nextBoolean() ? "{\"body\":\"hello there\"}" : "{\"name\":\"an app\"}");
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                yield bytes;
            }
            case 2 -> {
                List<String> tokens = List.of("{", "}", "[", "]", ":", ",", "\"body\"", "\"name\"", "\"x\"", "1",
                        "-0.5e3", "true", "null", " ", "\"\\u0000\"", "\"\\ud800\"", "\"\\\"\"", "1e999", "\"😀\"");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0, n = random.nextInt(30); i < n; i++) {
                    out.writeBytes(Wire.utf8(tokens.get(random.nextInt(tokens.size()))));
                }
                yield out.toByteArray();
            }
            default -> Wire.utf8("{\"" + (random.nextBoolean() ? "body" : "name") + "\":\""
                    + jsonEscaped(Trials.text(random, 300)) + "\"}");
        };
    }

    /** Digit strings near the edges: zero, one, the largest int and past it, leading zeros, signs and junk. */
    private static String numberLike(SplittableRandom random) {
        String digits = switch (random.nextInt(6)) {
            case 0 -> String.valueOf(random.nextInt(3));
            case 1 -> String.valueOf(Integer.MAX_VALUE - 1 + random.nextInt(3));
            case 2 -> String.valueOf(random.nextInt(400));
            case 3 -> "0".repeat(1 + random.nextInt(12)) + random.nextInt(300);
            case 4 -> String.valueOf(random.nextLong() & Long.MAX_VALUE);
            default -> String.valueOf(random.nextInt(Integer.MAX_VALUE));
        };
        return switch (random.nextInt(8)) {
            case 0 -> "-" + digits;
            case 1 -> "+" + digits;
            case 2 -> digits + "x";
            case 3 -> digits + "%20";
            default -> digits;
        };
    }

    /** The JSON string content of {@code text}; surrogates go as escapes, since UTF-8 cannot carry a lone one. */
    private static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A fresh application with chat 1 holding message 1, so no property depends on what another one did. */
    private static String newApplication() {
        String path = "/applications/" + wire.json("POST", "/applications", "{\"name\":\"properties\"}").json()
                .get("token").asText();
        assertEquals(202, wire.send("POST", path + "/chats", Map.of(), null).status());
        assertEquals(202, wire.json("POST", path + "/chats/1/messages", "{\"body\":\"hello\"}").status());
        server.awaitPersisted();
        return path;
    }
}

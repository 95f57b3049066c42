package dev.chatservice.http.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/**
 * What the hostile requests aim at: application A with chats 1 and 2, application B with chat 1 only, messages
 * that hold query syntax, and Idempotency-Key {@value #KEY} already spent on A's first message.
 */
record Fixture(String tokenA, String tokenB) {
    static final String KEY = "fixture-key";
    static final String FIRST_BODY = "hello world";

    static Fixture create(Wire wire, HostileServer server) {
        String a = application(wire, "application A");
        String b = application(wire, "application B");
        chat(wire, a);
        chat(wire, a);
        chat(wire, b);
        message(wire, a, 1, FIRST_BODY, Map.of("Idempotency-Key", KEY));
        message(wire, a, 1, "hello ' OR 1=1 --", Map.of());
        message(wire, a, 1, "hello {\"query\":{\"match_all\":{}}} *:* foo(", Map.of());
        message(wire, a, 2, "hello from chat two", Map.of());
        message(wire, b, 1, "hello from application B", Map.of());
        server.awaitPersisted();
        return new Fixture(a, b);
    }

    /**
     * Replaces {A} and {B} with the applications' paths, {tokenA} with A's token, and {tokenA:how} with A's token
     * made wrong: one character short or long, its case flipped, or its last character out of the alphabet.
     */
    String resolve(String text) {
        String head = tokenA.substring(0, 31);
        return text.replace("{A}", "/applications/" + tokenA).replace("{B}", "/applications/" + tokenB)
                .replace("{tokenA:short}", head).replace("{tokenA:long}", tokenA + "a")
                .replace("{tokenA:flipped}", flipCase(tokenA)).replace("{tokenA:dot}", head + ".")
                .replace("{tokenA:plus}", head + "+").replace("{tokenA:equals}", head + "=")
                .replace("{tokenA:bang}", head + "!").replace("{tokenA:tilde}", head + "~")
                .replace("{tokenA:slash}", tokenA.substring(0, 16) + "%2F" + tokenA.substring(17))
                .replace("{tokenA}", tokenA);
    }

    private static String flipCase(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append((char) (Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.toUpperCase(c))));
        return out.toString();
    }

    private static String application(Wire wire, String name) {
        Wire.Response response = wire.json("POST", "/applications", "{\"name\":\"" + name + "\"}");
        assertEquals(201, response.status(), response.toString());
        return response.json().get("token").asText();
    }

    private static void chat(Wire wire, String token) {
        Wire.Response response = wire.send("POST", "/applications/" + token + "/chats", Map.of(), null);
        assertEquals(202, response.status(), response.toString());
    }

    private static void message(Wire wire, String token, int chat, String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        Wire.Response response = wire.send("POST", "/applications/" + token + "/chats/" + chat + "/messages", all,
                Wire.utf8("{\"body\":" + Wire.quote(body) + "}"));
        assertEquals(202, response.status(), response.toString());
    }
}

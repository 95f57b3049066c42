package dev.chatservice.http.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Text that looks hostile but is valid: accepted, stored verbatim, and never read as query syntax. */
class OddButValidInputTest {
    private static HostileServer server;
    private static Wire wire;
    private static String app;

    @BeforeAll
    static void start() {
        server = new HostileServer();
        wire = new Wire(server.port());
        Wire.Response created = wire.json("POST", "/applications", "{\"name\":\"odd input\"}");
        app = "/applications/" + created.json().get("token").asText();
        assertEquals(202, wire.send("POST", app + "/chats", Map.of(), null).status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Named<String>> oddBodies() {
        return Stream.of(
                "שלום עולם", "مرحبا بالعالم", "English then עברית then English", "\u202Ereversed\u202C text",
                "\u2067isolate\u2069", "emoji 😀👍🏽 and 👨‍👩‍👧‍👦 family", "🇺🇳", "漢字かなカナ한국어", "नमस्ते दुनिया",
                "e\u0301 combining", "Z\u0351\u0360\u0361a\u035Bl\u0344g\u0353o\u0315", "\uD835\uDC00 math bold",
                "' OR 1=1 --", "\"; DROP TABLE messages; --", "1'; SELECT * FROM applications WHERE '1'='1",
                "{\"query\":{\"match_all\":{}}}", "*:*", "foo(", "body:* OR _id:1", "<script>alert(1)</script>",
                "${jndi:ldap://example.invalid/a}", "{{7*7}}", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00",
                "\\u0000 as text", "C:\\Windows\\System32", "tab\tnewline\ncr\rcrlf\r\n", "\uFEFFleading BOM",
                "noncharacter \uFFFF and \uFDD0", "line\u2028separator", "zero\u200Bwidth", "nbsp\u00A0inside",
                "a".repeat(4096), "😀".repeat(4096)).map(body -> Named.of(HostileCases.printable(body), body));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("oddBodies")
    void createMessage_oddButValidBody_storedVerbatim(String body) {
        Wire.Response created = wire.send("POST", app + "/chats/1/messages", Map.of("Content-Type",
                "application/json"), Wire.utf8("{\"body\":" + Wire.quote(body) + "}"));
        assertEquals(202, created.status(), created.toString());
        assertEquals(body, created.json().get("body").asText());
        server.awaitPersisted();
        Wire.Response read = wire.get(app + "/chats/1/messages/" + created.json().get("number").asInt());
        assertEquals(200, read.status(), read.toString());
        assertEquals(body, read.json().get("body").asText());
    }

    static Stream<Named<String>> oddNames() {
        return Stream.of("שלום", "تطبيق", "😀 app", "' OR 1=1 --", "<b>bold</b>", "n".repeat(255), "😀".repeat(255),
                "Robert'); DROP TABLE applications;--").map(name -> Named.of(HostileCases.printable(name), name));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("oddNames")
    void createApplication_oddButValidName_storedVerbatim(String name) {
        Wire.Response created = wire.json("POST", "/applications", "{\"name\":" + Wire.quote(name) + "}");
        assertEquals(201, created.status(), created.toString());
        Wire.Response read = wire.get("/applications/" + created.json().get("token").asText());
        assertEquals(name, read.json().get("name").asText());
    }

    @Test
    void createMessage_bodyWithByteOrderMarkBeforeJson_accepted() {
        byte[] json = Wire.utf8("\uFEFF{\"body\":\"after a BOM\"}");
        Wire.Response created = wire.send("POST", app + "/chats/1/messages", Map.of("Content-Type",
                "application/json; charset=UTF-8"), json);
        assertEquals(202, created.status(), created.toString());
        assertEquals("after a BOM", created.json().get("body").asText());
    }

    @Test
    void search_queryLanguageSyntaxWithWords_findsOnlyTheLiteralWords() {
        String chat = newChat();
        post(chat, "{\"query\":{\"match_all\":{}}}");
        post(chat, "an unrelated message");
        post(chat, "' OR 1=1 --");
        post(chat, "select star from nothing");
        server.awaitPersisted();
        // match_all would return every message if it were read as Elasticsearch syntax.
        assertEquals(List.of("{\"query\":{\"match_all\":{}}}"),
                hits(chat, "%7B%22query%22%3A%7B%22match_all%22%3A%7B%7D%7D%7D"));
        // OR 1=1 would return every message if it were read as SQL.
        assertEquals(List.of("' OR 1=1 --"), hits(chat, "%27%20OR%201%3D1%20--"));
        assertEquals(List.of(), hits(chat, "*%3A*%20nothingmatches"));
        assertEquals(List.of("select star from nothing"), hits(chat, "star(%20*"));
    }

    @Test
    void search_rtlAndEmojiQuery_matchesCaseInsensitivePartsOfWords() {
        String chat = newChat();
        post(chat, "שלום עולם 😀");
        post(chat, "Straße und WEG");
        server.awaitPersisted();
        assertEquals(List.of("שלום עולם 😀"), hits(chat, "%D7%9C%D7%95%D7%9D%20%F0%9F%98%80"));
        assertEquals(List.of("Straße und WEG"), hits(chat, "stra%C3%9F%20weg"));
    }

    @Test
    void search_highlight_isHtmlEscaped() {
        String chat = newChat();
        post(chat, "<script>alert('x')</script> match");
        server.awaitPersisted();
        Wire.Response response = wire.get(app + "/chats/" + chat + "/messages/search?q=match");
        String highlight = response.json().get("items").get(0).get("highlight").asText();
        assertTrue(!highlight.contains("<script>") && highlight.contains("&lt;script&gt;"), highlight);
        assertTrue(highlight.contains("<em>match</em>"), highlight);
    }

    private static String newChat() {
        return String.valueOf(wire.send("POST", app + "/chats", Map.of(), null).json().get("number").asInt());
    }

    private static void post(String chat, String body) {
        Wire.Response response = wire.send("POST", app + "/chats/" + chat + "/messages",
                Map.of("Content-Type", "application/json"), Wire.utf8("{\"body\":" + Wire.quote(body) + "}"));
        assertEquals(202, response.status(), response.toString());
    }

    private static List<String> hits(String chat, String encodedQuery) {
        Wire.Response response = wire.get(app + "/chats/" + chat + "/messages/search?q=" + encodedQuery);
        assertEquals(200, response.status(), response.toString());
        List<String> bodies = new ArrayList<>();
        for (JsonNode hit : response.json().get("items")) {
            bodies.add(hit.get("body").asText());
        }
        return bodies;
    }
}

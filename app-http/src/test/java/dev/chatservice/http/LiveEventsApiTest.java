package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.domain.model.ChatRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live event streams against the embedded mode, with the test playing the worker that commits and signals. */
class LiveEventsApiTest {
    private static LiveServer server;

    @BeforeAll
    static void start() {
        server = new LiveServer(StreamLimits.DEFAULT_MAX_STREAMS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ChatRef newChat() {
        return server.newChat(server.newApplication());
    }

    @Test
    void chatEvents_signalledChanges_arriveInOrderExactlyOnce() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            assertEquals(200, events.status());
            assertTrue(events.header("content-type").orElseThrow().startsWith("text/event-stream"));
            server.feed.created(chat, 1, "one");
            server.feed.created(chat, 2, "two");
            server.signal(chat, 2);
            server.signal(chat, 2); // a repeated signal sends nothing twice
            server.feed.updated(chat, 1, "one, edited");
            server.feed.deleted(chat, 2);
            server.signal(chat, 4);
            server.signal(chat, 3); // a late, stale signal neither

            EventReader.Frame first = events.nextEvent();
            assertEquals("1", first.id());
            assertEquals("message.created", first.event());
            JsonNode message = first.json();
            assertEquals(1, message.get("number").asInt());
            assertEquals(chat.chat().value(), message.get("chat_number").asInt());
            assertEquals("one", message.get("body").asText());
            assertTrue(message.has("created_at") && message.has("updated_at"), message.toString());
            EventReader.Frame second = events.nextEvent();
            assertEquals(List.of("2", "message.created"), List.of(second.id(), second.event()));
            EventReader.Frame third = events.nextEvent();
            assertEquals(List.of("3", "message.updated", "one, edited"),
                    List.of(third.id(), third.event(), third.json().get("body").asText()));
            EventReader.Frame fourth = events.nextEvent();
            assertEquals(List.of("4", "message.deleted"), List.of(fourth.id(), fourth.event()));
            assertEquals(List.of("chat_number", "deleted_at", "number"), fieldNames(fourth.json()));

            server.feed.created(chat, 3, "three");
            server.signal(chat, 5);
            assertEquals("5", events.nextEvent().id(), "the next event follows, with nothing sent twice between");
        }
    }

    @Test
    void chatEvents_withoutResumePoint_startAtTheChatsCurrentSeq() throws Exception {
        ChatRef chat = newChat();
        server.feed.created(chat, 1, "before");
        server.feed.created(chat, 2, "before too");
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            server.feed.created(chat, 3, "after");
            server.signal(chat, 3);
            assertEquals("3", events.nextEvent().id());
        }
    }

    @Test
    void chatEvents_lastEventId_replaysTheFeedThenGoesLiveWithoutGapOrDuplicate() throws Exception {
        ChatRef chat = newChat();
        for (int n = 1; n <= 4; n++) {
            server.feed.created(chat, n, "m" + n);
        }
        try (EventReader events = server.stream(LiveServer.path(chat), Map.of("Last-Event-ID", "1"))) {
            assertEquals(List.of("2", "3", "4"), events.nextIds(3));
            server.feed.created(chat, 5, "m5");
            server.signal(chat, 5);
            assertEquals(List.of("5"), events.nextIds(1));
        }
    }

    @Test
    void chatEvents_sinceAfterCompaction_skipsTheCompactedIds() throws Exception {
        ChatRef chat = newChat();
        server.feed.created(chat, 1, "m1");
        server.feed.created(chat, 2, "m2");
        server.feed.updated(chat, 1, "m1 edited");
        server.feed.compact(chat, 1);
        try (EventReader events = server.stream(LiveServer.path(chat) + "?since=0")) {
            assertEquals(List.of("2", "3"), events.nextIds(2));
        }
    }

    @Test
    void chatEvents_lostSignal_gapFilledFromTheFeedOnTheHeartbeat() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            server.feed.created(chat, 1, "never signalled");
            assertEquals("1", events.nextEvent().id());
        }
    }

    @Test
    void chatEvents_quietChat_getsCommentLines() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            int comments = 0;
            while (comments < 3) {
                EventReader.Frame frame = events.next().orElseThrow();
                assertFalse(frame.isEvent(), "a quiet chat has no events: " + frame);
                if (frame.comment() != null) {
                    comments++;
                }
            }
            assertEquals(3, comments);
        }
    }

    @Test
    void chatEvents_unknownChat_is404Problem() throws Exception {
        String token = server.newApplication();
        try (EventReader events = server.stream("/applications/" + token + "/chats/99/events")) {
            assertEquals(404, events.status());
            assertEquals("application/problem+json", events.header("content-type").orElseThrow());
            assertTrue(events.text().contains(Problems.TYPE_PREFIX + "chat-not-found"));
        }
        try (EventReader events = server.stream("/applications/nosuchtoken/chats/1/events")) {
            assertEquals(404, events.status());
            assertTrue(events.text().contains(Problems.TYPE_PREFIX + "application-not-found"));
        }
    }

    @Test
    void chatEvents_justAcceptedChat_opensBeforeAnyWorkerPersistedIt() throws Exception {
        ChatRef chat = newChat(); // not awaited: the allocator alone knows it, as for posting a message to it
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            assertEquals(200, events.status());
        }
    }

    @Test
    void chatEvents_badLastEventId_is400Problem() throws Exception {
        ChatRef chat = newChat();
        for (String bad : List.of("abc", "-1", "1:2", "99999999999999999999")) {
            try (EventReader events = server.stream(LiveServer.path(chat), Map.of("Last-Event-ID", bad))) {
                assertEquals(400, events.status(), bad);
                String problem = events.text();
                assertTrue(problem.contains(Problems.TYPE_PREFIX + "invalid-parameter"), problem);
                assertTrue(problem.contains("\"field\":\"Last-Event-ID\""), problem);
            }
        }
        try (EventReader events = server.stream(LiveServer.path(chat) + "?since=x")) {
            assertEquals(400, events.status());
            assertTrue(events.text().contains("\"field\":\"since\""));
        }
    }

    @Test
    void chatEvents_chatDeleted_streamEnds() throws Exception {
        ChatRef chat = newChat();
        server.awaitPersisted();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            assertEquals(202, server.client.delete("/applications/" + chat.application().value() + "/chats/"
                    + chat.chat().value()).status());
            // The recheck notices the deletion even before any worker's chat.deleted reaches the feed.
            events.awaitEnd();
        }
    }

    @Test
    void chatEvents_chatDeletedInTheFeed_sendsChatDeletedThenEnds() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            server.feed.chatDeleted(chat);
            server.signal(chat, 1);
            EventReader.Frame deleted = events.nextEvent();
            assertEquals(List.of("1", "chat.deleted"), List.of(deleted.id(), deleted.event()));
            assertEquals(chat.chat().value(), deleted.json().get("chat_number").asInt());
            events.awaitEnd();
        }
    }

    @Test
    void applicationEvents_deletedApplication_streamEnds() throws Exception {
        String token = server.newApplication();
        try (EventReader events = server.stream("/applications/" + token + "/events")) {
            assertEquals(204, server.client.delete("/applications/" + token).status());
            events.awaitEnd();
        }
    }

    @Test
    void applicationEvents_changesOfEveryChat_carryChatNumberAndSeq() throws Exception {
        String token = server.newApplication();
        try (EventReader events = server.stream("/applications/" + token + "/events")) {
            ChatRef first = server.newChat(token);
            ChatRef second = server.newChat(token);
            server.awaitPersisted();
            // The embedded worker announces both creations itself; two chats' frames may come either way.
            Map<String, EventReader.Frame> created = new java.util.TreeMap<>();
            for (int i = 0; i < 2; i++) {
                EventReader.Frame frame = events.nextEvent();
                assertEquals("chat.created", frame.event());
                created.put(frame.id(), frame);
            }
            for (ChatRef chat : List.of(first, second)) {
                EventReader.Frame frame = created.get(chat.chat().value() + ":0");
                assertEquals(chat.chat().value(), frame.json().get("number").asInt(), created.keySet().toString());
                assertEquals(0, frame.json().get("messages_count").asInt());
            }
            server.feed.created(first, 1, "in the first");
            server.signal(first, 1);
            server.feed.created(second, 1, "in the second");
            server.signal(second, 1);

            // Each chat's events come in order; two chats' events may interleave either way.
            Map<String, JsonNode> byId = new java.util.TreeMap<>();
            for (int i = 0; i < 2; i++) {
                EventReader.Frame frame = events.nextEvent();
                byId.put(frame.id(), frame.json());
            }
            assertEquals(new java.util.TreeSet<>(List.of(first.chat().value() + ":1", second.chat().value() + ":1")),
                    byId.keySet());
            JsonNode a = byId.get(first.chat().value() + ":1");
            assertEquals(List.of(first.chat().value(), 1, "in the first"), List.of(a.get("chat_number").asInt(),
                    a.get("seq").asInt(), a.get("body").asText()));
            assertEquals("in the second", byId.get(second.chat().value() + ":1").get("body").asText());
        }
    }

    @Test
    void applicationEvents_lastEventId_resumesThatChat() throws Exception {
        String token = server.newApplication();
        ChatRef chat = server.newChat(token);
        server.feed.created(chat, 1, "m1");
        server.feed.created(chat, 2, "m2");
        try (EventReader events = server.stream("/applications/" + token + "/events",
                Map.of("Last-Event-ID", chat.chat().value() + ":1"))) {
            assertEquals(chat.chat().value() + ":2", events.nextEvent().id());
        }
    }

    @Test
    void applicationEvents_badLastEventId_is400Problem() throws Exception {
        String token = server.newApplication();
        for (String bad : List.of("5", "0:1", "a:1", "1:", "1:x")) {
            try (EventReader events = server.stream("/applications/" + token + "/events",
                    Map.of("Last-Event-ID", bad))) {
                assertEquals(400, events.status(), bad);
                assertTrue(events.text().contains("invalid-parameter"), bad);
            }
        }
    }

    @Test
    void chatEvents_head_answersTheStreamsHeadersWithoutAStream() {
        ChatRef chat = newChat();
        Client.Response head = server.client.head(LiveServer.path(chat));
        assertEquals(200, head.status());
        assertTrue(head.header("content-type").startsWith("text/event-stream"), head.headers().toString());
        assertEquals(404, server.client.head("/applications/" + chat.application().value() + "/chats/77/events")
                .status());
    }

    @Test
    void events_allowedOrigin_getsCorsHeaders() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat), Map.of("Origin", LiveServer.ALLOWED_ORIGIN))) {
            assertEquals(Optional.of(LiveServer.ALLOWED_ORIGIN), events.header("Access-Control-Allow-Origin"));
        }
        try (EventReader events = server.stream(LiveServer.path(chat), Map.of("Origin", "https://evil.example"))) {
            assertEquals(Optional.empty(), events.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void restApi_allowedOrigin_getsCorsHeadersAndPreflightAnswered() {
        String token = server.newApplication();
        Client.Response get = server.client.raw("GET", "/applications/" + token, null,
                Map.of("Origin", LiveServer.ALLOWED_ORIGIN));
        assertEquals(200, get.status());
        assertEquals(LiveServer.ALLOWED_ORIGIN, get.header("Access-Control-Allow-Origin"));
        assertTrue(get.header("Access-Control-Expose-Headers").contains("Location"));

        Client.Response preflight = server.client.raw("OPTIONS", "/applications/" + token + "/chats", null,
                Map.of("Origin", LiveServer.ALLOWED_ORIGIN, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "idempotency-key"));
        assertEquals(204, preflight.status(), preflight.text());
        assertEquals(LiveServer.ALLOWED_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Idempotency-Key"));

        Client.Response foreign = server.client.raw("GET", "/applications/" + token, null,
                Map.of("Origin", "https://evil.example"));
        assertEquals(null, foreign.header("Access-Control-Allow-Origin"));
    }

    @Test
    void metrics_openStream_countedInTheGauge() throws Exception {
        ChatRef chat = newChat();
        try (EventReader events = server.stream(LiveServer.path(chat))) {
            assertEquals(200, events.status());
            String scrape = server.client.get("/metrics").text();
            assertTrue(scrape.contains("chat_streams_open "), scrape);
            assertTrue(scrape.contains("chat_streams_signal_to_send_seconds"), "the delay's meter is registered");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        return names;
    }
}

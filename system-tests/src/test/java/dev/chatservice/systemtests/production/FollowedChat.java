package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.systemtests.production.SseClient.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A client following one chat's live stream as a browser does: it remembers the last event id, and when the
 * stream ends it reconnects with {@code Last-Event-ID}, to the same node or, after a crash, to another one.
 * Every event it ever received is kept, so that a test can check the whole history across connections.
 */
final class FollowedChat implements AutoCloseable {
    /** Generous: an event arrives within a heartbeat (10 s) even when its announcement was lost. */
    static final Duration PATIENCE = Duration.ofSeconds(45);

    private final String path;
    private final int chat;
    private final List<Event> received = new ArrayList<>();
    private Node node;
    private SseClient client;
    private int reconnects;

    /** Follows the chat from its first change on ({@code Last-Event-ID: 0}), on {@code node}. */
    FollowedChat(Node node, String token, int chat) throws InterruptedException {
        this.path = "/applications/" + token + "/chats/" + chat + "/events";
        this.chat = chat;
        this.node = node;
        this.client = SseClient.open(node.baseUrl() + path, "0");
    }

    /** Reconnects to {@code to} from the last event received, as EventSource does after its stream ended. */
    void reconnect(Node to) throws InterruptedException {
        client.close();
        node = to;
        client = SseClient.open(to.baseUrl() + path, lastId());
        reconnects++;
    }

    String lastId() {
        return received.isEmpty() ? "0" : received.get(received.size() - 1).id();
    }

    /** The next event; when the stream ends first, reconnects to the same node and goes on reading. */
    Event next() throws InterruptedException {
        while (true) {
            Optional<Event> event = client.next(PATIENCE);
            if (event.isPresent()) {
                received.add(event.get());
                return event.get();
            }
            reconnect(node);
        }
    }

    /** The next event, which must be {@code event} of message {@code number} (with {@code body}, unless null). */
    Event expect(String event, int number, String body) throws InterruptedException {
        Event next = next();
        assertEquals(describe(event, number, body), describe(next), "event " + received.size() + " on chat " + chat);
        return next;
    }

    /**
     * Reads the current connection to its end, which a killed node's stream reaches, keeping the events it
     * still delivered; fails if it does not end within the patience.
     */
    void readToEnd() throws InterruptedException {
        for (Optional<Event> event = client.next(PATIENCE); event.isPresent(); event = client.next(PATIENCE)) {
            received.add(event.get());
        }
    }

    List<Event> received() {
        return List.copyOf(received);
    }

    int reconnects() {
        return reconnects;
    }

    /**
     * Every event received, across connections: ids strictly increasing (so no seq twice), every event of this
     * chat, and exactly {@code expected} in that order, each as {@link #describe(String, int, String)} puts it.
     */
    void assertHistory(List<String> expected) {
        Set<Long> seqs = new HashSet<>();
        long previous = -1;
        for (Event event : received) {
            long seq = Long.parseLong(event.id());
            assertTrue(seqs.add(seq), "seq " + seq + " received twice: " + received);
            assertTrue(seq > previous, "seq " + seq + " after " + previous + ": " + received);
            previous = seq;
            assertEquals(chat, event.data().get("chat_number").asInt(), "chat_number of " + event);
        }
        assertEquals(expected, received.stream().map(FollowedChat::describe).toList(),
                "events received (" + reconnects + " reconnections)");
    }

    static String describe(String event, int number, String body) {
        return event + " #" + number + (body == null ? "" : " " + body);
    }

    /** An event as {@link #describe(String, int, String)} puts it; a deletion also carries its deleted_at. */
    static String describe(Event event) {
        JsonNode data = event.data();
        if (event.event().equals("message.deleted")) {
            assertTrue(data.hasNonNull("deleted_at"), "deleted_at in " + data);
            return describe(event.event(), event.number(), null);
        }
        return describe(event.event(), event.number(), data.get("body").asText());
    }

    @Override
    public void close() {
        client.close();
    }
}

package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ChatRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node's own limits on streams: the cap, and the end of its streams when it stops. */
class LiveStreamsLimitsTest {

    @Test
    void events_pastTheCap_is503WithRetryAfter() throws Exception {
        try (LiveServer server = new LiveServer(1)) {
            ChatRef chat = server.newChat(server.newApplication());
            try (EventReader first = server.stream(LiveServer.path(chat))) {
                assertEquals(200, first.status());
                try (EventReader second = server.stream(LiveServer.path(chat))) {
                    assertEquals(503, second.status());
                    assertTrue(second.header("Retry-After").isPresent());
                    assertTrue(second.text().contains(Problems.TYPE_PREFIX + "too-many-streams"));
                }
            }
        }
    }

    @Test
    void events_closedStream_freesItsPlaceUnderTheCap() throws Exception {
        try (LiveServer server = new LiveServer(1)) {
            ChatRef chat = server.newChat(server.newApplication());
            try (EventReader first = server.stream(LiveServer.path(chat))) {
                assertEquals(200, first.status());
            }
            // The server notices the client left at its next write, the heartbeat at the latest.
            int status = 0;
            for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
                try (EventReader again = server.stream(LiveServer.path(chat))) {
                    status = again.status();
                }
                if (status != 200) {
                    Thread.sleep(LiveServer.HEARTBEAT.toMillis());
                }
            }
            assertEquals(200, status);
        }
    }

    @Test
    void stop_openStream_endsWithARetryHint() throws Exception {
        LiveServer server = new LiveServer(10);
        EventReader events;
        try {
            ChatRef chat = server.newChat(server.newApplication());
            events = server.stream(LiveServer.path(chat));
            assertEquals(200, events.status());
        } finally {
            server.close();
        }
        try (events) {
            List<EventReader.Frame> frames = events.awaitEnd();
            Optional<String> retry = frames.stream().map(EventReader.Frame::retry).filter(r -> r != null).findFirst();
            assertEquals(Optional.of("1500"), retry, frames.toString());
        }
    }
}

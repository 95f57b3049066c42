package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a {@code text/event-stream} response line by line on a thread of its own, so that a test waits for
 * what it expects with a bound instead of hanging on a stream that never ends.
 */
final class EventReader implements AutoCloseable {
    /** Generous: a stream sends within milliseconds, and a slow machine must not fail a correct server. */
    static final long PATIENCE_SECONDS = 15;
    private static final String END = "\u0000end";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One frame: its fields, or a comment (a line starting with a colon). */
    record Frame(String id, String event, String data, String comment, String retry) {
        JsonNode json() {
            try {
                return MAPPER.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }

        boolean isEvent() {
            return event != null;
        }
    }

    final HttpResponse<Stream<String>> response;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;

    private EventReader(HttpResponse<Stream<String>> response) {
        this.response = response;
        pump = new Thread(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException e) {
                // The connection was closed under the reader: the stream ended.
            } finally {
                lines.add(END);
            }
        }, "event-reader");
        pump.setDaemon(true);
        pump.start();
    }

    static EventReader open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        try {
            return new EventReader(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The whole body of a response that is not a stream (a problem, say). */
    String text() throws InterruptedException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = lines.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertNotNull(line, "the body did not end within " + PATIENCE_SECONDS + " s");
            if (line.equals(END)) {
                return text.toString();
            }
            text.append(line);
        }
    }

    /** The next frame, or empty when the stream ended. */
    Optional<Frame> next() throws InterruptedException {
        String id = null;
        String event = null;
        String data = null;
        String comment = null;
        String retry = null;
        boolean any = false;
        while (true) {
            String line = lines.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertNotNull(line, "the stream said nothing within " + PATIENCE_SECONDS + " s");
            if (line.equals(END)) {
                lines.add(END);
                return any ? Optional.of(new Frame(id, event, data, comment, retry)) : Optional.empty();
            }
            if (line.isEmpty()) {
                if (any) {
                    return Optional.of(new Frame(id, event, data, comment, retry));
                }
                continue;
            }
            any = true;
            if (line.startsWith(":")) {
                comment = line.substring(1);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            } else if (line.startsWith("retry: ")) {
                retry = line.substring(7);
            } else {
                throw new AssertionError("not an event-stream line: " + line);
            }
        }
    }

    /** The next frame that is an event, skipping comments and hints. */
    Frame nextEvent() throws InterruptedException {
        while (true) {
            Frame frame = next().orElseThrow(() -> new AssertionError("the stream ended"));
            if (frame.isEvent()) {
                return frame;
            }
        }
    }

    /** The ids of the next {@code count} events. */
    List<String> nextIds(int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(nextEvent().id());
        }
        return ids;
    }

    /** Asserts the stream ends, whatever frames come before its end, and returns the frames. */
    List<Frame> awaitEnd() throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        for (Optional<Frame> frame = next(); frame.isPresent(); frame = next()) {
            frames.add(frame.get());
        }
        assertEquals(Optional.empty(), next());
        return frames;
    }

    @Override
    public void close() {
        pump.interrupt();
        // Closing the body's stream tears the connection down, which ends the server's stream too.
        response.body().close();
    }
}

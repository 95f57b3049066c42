package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A minimal {@code text/event-stream} client, as a browser's EventSource reads a stream: frames of {@code id:},
 * {@code event:} and {@code data:} lines ended by a blank line, comments skipped. The body is read on a thread of
 * its own into a queue, so that every wait of a test has a bound and a dead node never hangs it.
 */
final class SseClient implements AutoCloseable {
    /** An event: its id, its name and its data as JSON. */
    record Event(String id, String event, JsonNode data) {
        int number() {
            return data.get("number").asInt();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Put in the queue when the stream ended, however it ended. */
    private static final Event END = new Event(null, null, null);

    private final HttpResponse<Stream<String>> response;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private SseClient(HttpResponse<Stream<String>> response, String name) {
        this.response = response;
        Thread pump = new Thread(this::pump, "sse-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Opens a stream, sending {@code Last-Event-ID} unless it is null, and asserts it answered 200. */
    static SseClient open(String url, String lastEventId) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        }
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            assertEquals(200, response.statusCode(), "GET " + url + ": " + body);
        }
        return new SseClient(response, url.substring(url.indexOf("//") + 2));
    }

    private void pump() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (event != null) {
                        events.add(new Event(id, event, Cluster.JSON.readTree(data == null ? "null" : data.toString())));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    event = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
                // Comments (heartbeats) and retry: hints carry no event.
            }
        } catch (IOException | UncheckedIOException e) {
            // The connection broke (a killed node, say): the stream ended, as it does for EventSource.
        } finally {
            ended = true;
            events.add(END);
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    /** The next event within {@code patience}; empty if the stream ended first. Fails on silence. */
    Optional<Event> next(Duration patience) throws InterruptedException {
        Event event = events.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event and no end of the stream within " + patience);
        }
        if (event == END) {
            events.add(END);
            return Optional.empty();
        }
        return Optional.of(event);
    }

    /** Whether the stream has ended, without waiting. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        // Closing the body tears the connection down, which also ends the server's side of the stream.
        response.body().close();
    }
}

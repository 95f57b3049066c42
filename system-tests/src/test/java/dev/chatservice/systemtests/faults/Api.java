package dev.chatservice.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load's HTTP client: requests go round-robin over the HTTP nodes, and every answer (or its absence) is
 * counted in the scenario's {@link Ledger}. Writes are retried as careful clients do: on no answer, 5xx or a
 * 404 of an entity known to exist, with the same Idempotency-Key, honouring Retry-After, for a bounded time.
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A request unanswered after this long counts as a hang. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A write not acknowledged after retrying this long is given up (and fails the scenario). */
    static final Duration GIVE_UP = Duration.ofSeconds(90);

    /** One answer: status (NO_ANSWER or TIMED_OUT when there was none), body and whether it was retried. */
    record Answer(int status, JsonNode body, boolean retried) {
        static final int NO_ANSWER = -1;
        static final int TIMED_OUT = -2;

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> bases;
    private final AtomicInteger next = new AtomicInteger();
    private volatile Ledger ledger;

    Api(List<String> bases) {
        this.bases = bases;
    }

    void countInto(Ledger ledger) {
        this.ledger = ledger;
    }

    /** One attempt, counted. */
    Answer once(String method, String path, String json, String idempotencyKey) {
        long started = System.nanoTime();
        Ledger counts = ledger;
        try {
            return answer(http.send(request(method, path, json, idempotencyKey),
                    HttpResponse.BodyHandlers.ofString()), started, counts);
        } catch (HttpTimeoutException e) {
            counts.unanswered(true);
            return new Answer(Answer.TIMED_OUT, null, false);
        } catch (IOException e) {
            counts.unanswered(false);
            return new Answer(Answer.NO_ANSWER, null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.NO_ANSWER, null, false);
        }
    }

    /**
     * One attempt sent without waiting for it, counted like {@link #once}: the soak's open-loop generator must
     * keep its schedule whatever the service's latency. The future never fails; a missing answer is an Answer.
     */
    CompletableFuture<Answer> sendAsync(String method, String path, String json, String idempotencyKey) {
        long started = System.nanoTime();
        Ledger counts = ledger;
        return http.sendAsync(request(method, path, json, idempotencyKey), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure == null) {
                        try {
                            return answer(response, started, counts);
                        } catch (IOException e) {
                            failure = e;
                        }
                    }
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure;
                    boolean timedOut = cause instanceof HttpTimeoutException;
                    counts.unanswered(timedOut);
                    return new Answer(timedOut ? Answer.TIMED_OUT : Answer.NO_ANSWER, null, false);
                });
    }

    private HttpRequest request(String method, String path, String json, String idempotencyKey) {
        String base = bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    private static Answer answer(HttpResponse<String> response, long started, Ledger counts) throws IOException {
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        counts.answered(status, millis, response.headers().firstValue("Retry-After").isPresent());
        JsonNode body = null;
        if (!response.body().isEmpty() && response.headers().firstValue("Content-Type").orElse("")
                .contains("json")) {
            body = JSON.readTree(response.body());
        }
        return new Answer(status, body, false);
    }

    /**
     * A write, retried until it is acknowledged (2xx), refused for good (4xx other than a retried 404), or
     * {@link #GIVE_UP} has passed.
     */
    Answer write(String method, String path, String json, String idempotencyKey, boolean retryNotFound) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        boolean retried = false;
        while (true) {
            Answer answer = once(method, path, json, idempotencyKey);
            boolean retryable = answer.status() < 0 || answer.status() >= 500
                    || (answer.status() == 404 && retryNotFound);
            if (!retryable || System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                return new Answer(answer.status(), answer.body(), retried);
            }
            retried = true;
            // Retry-After is 1 s; a careful client waits about that long, a bit less so recovery shows sooner.
            Shell.sleep(answer.status() == 503 ? 500 : 200);
        }
    }
}

package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * The production stack the system tests share: two HTTP nodes and two workers as separate processes on the
 * real servers, reset to empty, under the servers lock ({@link ServersLock}) for as long as it runs; and the
 * client calls the tests make through it, spread over both nodes.
 */
final class Cluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration DRAIN = Duration.ofSeconds(180);

    final List<Node> httpNodes = new ArrayList<>();
    final List<Node> workers = new ArrayList<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final AtomicInteger retried503 = new AtomicInteger();
    private final ServersLock lock;

    private Cluster(ServersLock lock) {
        this.lock = lock;
    }

    /** Takes the servers lock, empties the test namespaces and starts the nodes, named {@code prefix-http-N}. */
    static Cluster start(String prefix) throws Exception {
        Cluster cluster = new Cluster(ServersLock.acquire());
        try {
            LocalServices.reset();
            // Started side by side: one after another, four JVMs take about 50 s on two cores.
            ExecutorService starting = Executors.newFixedThreadPool(4);
            try {
                List<Future<Node>> http = List.of(starting.submit(() -> Node.http(prefix + "-http-0")),
                        starting.submit(() -> Node.http(prefix + "-http-1")));
                List<Future<Node>> workers = List.of(starting.submit(() -> Node.worker(prefix + "-worker-0")),
                        starting.submit(() -> Node.worker(prefix + "-worker-1")));
                // Every node that came up is kept, so that close() stops it even if another failed.
                java.util.concurrent.ExecutionException failed = null;
                for (int i = 0; i < 4; i++) {
                    try {
                        (i < 2 ? cluster.httpNodes : cluster.workers)
                                .add((i < 2 ? http.get(i) : workers.get(i - 2)).get(3, TimeUnit.MINUTES));
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed = failed == null ? e : failed;
                    }
                }
                if (failed != null) {
                    throw new IllegalStateException("a node did not start", failed.getCause());
                }
            } finally {
                starting.shutdown();
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    @Override
    public void close() throws Exception {
        try {
            for (Node node : httpNodes) {
                node.close();
            }
            for (Node node : workers) {
                node.close();
            }
        } finally {
            lock.close();
        }
    }

    /** A response: status, JSON body (null when there is none) and headers. */
    record Reply(int status, JsonNode body, HttpHeaders headers) {}

    /** The next node, round robin. */
    Node nextNode() {
        return httpNodes.get(Math.floorMod(roundRobin.getAndIncrement(), httpNodes.size()));
    }

    /**
     * Sends a request to the next node, as a careful client does: creates carry an Idempotency-Key, so a
     * request whose connection died unanswered (e.g. a pooled connection the server had just closed as idle),
     * or that was answered 503, is safely sent again, a 503 after its Retry-After. A 503 is what the API
     * promises when a dependency does not answer within its bound (a publish confirm within 750 ms), which a
     * broker pausing under a burst of load on this two-core machine can cause; every one is counted.
     */
    Reply call(String method, String path, String json) {
        IOException last = null;
        Reply unavailable = null;
        String key = UUID.randomUUID().toString();
        boolean create = method.equals("POST");
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Reply reply = send(nextNode(), method, path, json, create ? key : null);
                if (reply.status() != 503 || !create) {
                    return reply;
                }
                unavailable = reply;
                retried503.incrementAndGet();
                long seconds = reply.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(Math.max(seconds, 0), 5)));
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (unavailable != null) {
            return unavailable;
        }
        throw new AssertionError(method + " " + path + " failed 5 times", last);
    }

    /** How many creates were answered 503 and sent again, since the cluster started. */
    int retried503() {
        return retried503.get();
    }

    /** One request to {@code node}; {@code idempotencyKey} may be null. */
    static Reply send(Node node, String method, String path, String json, String idempotencyKey)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body, response.headers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String body(String text) {
        try {
            return JSON.writeValueAsString(Map.of("body", text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    String newApplication(String name) {
        Reply reply = call("POST", "/applications", "{\"name\":\"" + name + "\"}");
        assertEquals(201, reply.status());
        return reply.body().get("token").asText();
    }

    int newChat(String token) {
        Reply reply = call("POST", "/applications/" + token + "/chats", null);
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return reply.body().get("number").asInt();
    }

    int newMessage(String token, int chat, String text) {
        Reply reply = call("POST", "/applications/" + token + "/chats/" + chat + "/messages", body(text));
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return reply.body().get("number").asInt();
    }

    /** Every persisted message of a chat, number to body, read page by page. */
    Map<Integer, String> persistedMessages(String token, int chat) {
        Map<Integer, String> messages = new TreeMap<>();
        String cursor = null;
        do {
            Reply page = call("GET", "/applications/" + token + "/chats/" + chat + "/messages?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            if (page.status() == 404) {
                return messages;
            }
            page.body().get("items").forEach(m -> messages.put(m.get("number").asInt(), m.get("body").asText()));
            cursor = page.body().get("next_cursor").isNull() ? null : page.body().get("next_cursor").asText();
        } while (cursor != null);
        return messages;
    }

    List<Integer> persistedChats(String token) {
        List<Integer> chats = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = call("GET", "/applications/" + token + "/chats?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            page.body().get("items").forEach(c -> chats.add(c.get("number").asInt()));
            cursor = page.body().get("next_cursor").isNull() ? null : page.body().get("next_cursor").asText();
        } while (cursor != null);
        return chats;
    }

    /** How many messages a search in a chat finds, or -1 if it was not answered 200. */
    int search(String token, int chat, String q) {
        Reply reply = call("GET", searchPath(token, chat, q), null);
        return reply.status() == 200 ? reply.body().get("items").size() : -1;
    }

    static String searchPath(String token, int chat, String q) {
        return "/applications/" + token + "/chats/" + chat + "/messages/search?limit=200&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, DRAIN, condition);
    }

    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " not reached within " + within);
            Thread.sleep(250);
        }
    }

    static <T> List<T> concurrently(int threads, int tasks, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.apply(n)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

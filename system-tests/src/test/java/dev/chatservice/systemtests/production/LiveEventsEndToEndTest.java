package dev.chatservice.systemtests.production;

import static dev.chatservice.systemtests.production.Cluster.await;
import static dev.chatservice.systemtests.production.Cluster.body;
import static dev.chatservice.systemtests.production.FollowedChat.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.systemtests.production.SseClient.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live events across the production stack: two HTTP nodes and two workers as separate processes. Streams are
 * read on node A while every write goes through node B, so each event crossed the workers, MySQL and the
 * RabbitMQ fan-out. Where the change feed's compaction could merge two changes of one message, the test waits
 * for the first to arrive before it makes the second, so the expected history is exact. The last test kills
 * node A, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveEventsEndToEndTest {
    private static Cluster cluster;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void startStack() throws Exception {
        cluster = Cluster.start("live");
        a = cluster.httpNodes.get(0);
        b = cluster.httpNodes.get(1);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void streamsOnNodeA_changesThroughNodeB_arriveInOrderExactlyOnce() throws Exception {
        String token = newApplication();
        SseClient applicationStream = SseClient.open(a.baseUrl() + "/applications/" + token + "/events", null);
        try (applicationStream) {
            int chat = newChat(token);
            Event created = applicationStream.next(FollowedChat.PATIENCE).orElseThrow();
            assertEquals("chat.created", created.event());
            assertEquals(chat + ":0", created.id());
            assertEquals(chat, created.data().get("number").asInt());
            List<String> expected = new ArrayList<>();
            try (FollowedChat stream = new FollowedChat(a, token, chat)) {
                Step step = (event, number, text) -> {
                    expected.add(describe(event, number, text));
                    Event seen = stream.expect(event, number, text);
                    Event alsoSeen = applicationStream.next(FollowedChat.PATIENCE).orElseThrow();
                    assertEquals(chat + ":" + seen.id(), alsoSeen.id(), "the application stream's id");
                    assertEquals(describe(seen), describe(alsoSeen), "the application stream's event");
                    assertEquals(Long.parseLong(seen.id()), alsoSeen.data().get("seq").asLong());
                };
                for (int i = 1; i <= 4; i++) {
                    step.seen("message.created", create(token, chat, "hello " + i), "hello " + i);
                }
                step.seen("message.updated", edit(token, chat, 2, "edited 2"), "edited 2");
                step.seen("message.updated", edit(token, chat, 2, "edited 2 again"), "edited 2 again");
                step.seen("message.deleted", delete(token, chat, 3), null);
                step.seen("message.updated", edit(token, chat, 1, "edited 1"), "edited 1");
                step.seen("message.created", create(token, chat, "hello 5"), "hello 5");
                step.seen("message.deleted", delete(token, chat, 5), null);
                stream.assertHistory(expected);
            }
        }
    }

    @Test
    @Order(2)
    void brokerRestartedWhileStreaming_streamsResumeAndLoseNothing() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        List<String> expected = new ArrayList<>();
        try (FollowedChat stream = new FollowedChat(a, token, chat)) {
            createEachSeen(stream, token, chat, 3, "before", expected);
            // Creates go on through the restart: those a worker commits as the broker goes away lose their
            // announcement, and those sent while it is away are answered 503 and sent again.
            List<String> written = writeInBackground(token, chat, 4, 40, "through the restart", () -> {
                for (int i = 4; i <= 6; i++) {
                    stream.next();
                }
                assertEquals(0, LocalServices.rabbitmqctl("stop_app"));
                assertEquals(0, LocalServices.rabbitmqctl("start_app"));
                await("HTTP nodes ready again after the broker restart",
                        () -> cluster.httpNodes.stream().allMatch(Node::isReady));
            });
            expected.addAll(written);
            catchUp(stream, expected);
            expected.add(describe("message.updated", edit(token, chat, 4, "edited after"), "edited after"));
            stream.expect("message.updated", 4, "edited after");
            expected.add(describe("message.deleted", delete(token, chat, 40), null));
            stream.expect("message.deleted", 40, null);
            stream.assertHistory(expected);
            // The node's streams outlive its broker connection: it re-reads their feeds once it is back.
            assertEquals(0, stream.reconnects(), "reconnections");
        }
    }

    @Test
    @Order(3)
    void nodeAKilledMidStream_clientResumesOnNodeB_nothingMissedOrDuplicated() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        List<String> expected = new ArrayList<>();
        try (FollowedChat stream = new FollowedChat(a, token, chat)) {
            createEachSeen(stream, token, chat, 3, "first", expected);
            // Creates keep going through node B while node A dies under its stream.
            List<String> written = writeInBackground(token, chat, 4, 23, "paced", () -> {
                for (int i = 4; i <= 6; i++) {
                    stream.next();
                }
                a.kill();
                stream.readToEnd();
                stream.reconnect(b);
            });
            expected.addAll(written);
            // Those read before the kill are in the history already; the rest arrive through node B.
            catchUp(stream, expected);
            expected.add(describe("message.updated", edit(token, chat, 2, "edited on B"), "edited on B"));
            stream.expect("message.updated", 2, "edited on B");
            expected.add(describe("message.deleted", delete(token, chat, 23), null));
            stream.expect("message.deleted", 23, null);
            stream.assertHistory(expected);
            assertEquals(1, stream.reconnects(), "reconnections");
        }
    }

    /** Creates messages 1..count, each awaited on the stream before the next is made. */
    private static void createEachSeen(FollowedChat stream, String token, int chat, int count, String prefix,
            List<String> expected) throws InterruptedException {
        for (int i = 1; i <= count; i++) {
            expected.add(describe("message.created", create(token, chat, prefix + " " + i), prefix + " " + i));
            stream.expect("message.created", i, prefix + " " + i);
        }
    }

    /** Reads until the stream has delivered as many events as are expected; assertHistory says which. */
    private static void catchUp(FollowedChat stream, List<String> expected) throws InterruptedException {
        while (stream.received().size() < expected.size()) {
            stream.next();
        }
    }

    /** Something the test does while messages are being created. */
    @FunctionalInterface
    private interface Meanwhile {
        void run() throws Exception;
    }

    /**
     * Creates messages {@code first..last} through node B, one after another 100 ms apart, on a thread of its
     * own while {@code meanwhile} runs; returns them as {@link FollowedChat#describe} puts their creations.
     */
    private static List<String> writeInBackground(String token, int chat, int first, int last, String prefix,
            Meanwhile meanwhile) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> writes = writer.submit(() -> {
                List<String> written = new ArrayList<>();
                for (int i = first; i <= last; i++) {
                    String text = prefix + " " + i;
                    written.add(describe("message.created", create(token, chat, text), text));
                    Thread.sleep(100);
                }
                return written;
            });
            meanwhile.run();
            return writes.get(3, TimeUnit.MINUTES);
        } finally {
            writer.shutdownNow();
        }
    }

    /** One change made and then awaited on the streams. */
    @FunctionalInterface
    private interface Step {
        void seen(String event, int number, String body) throws Exception;
    }

    private static String newApplication() throws InterruptedException {
        Cluster.Reply reply = write("POST", "/applications", "{\"name\":\"live events\"}");
        assertEquals(201, reply.status(), String.valueOf(reply.body()));
        return reply.body().get("token").asText();
    }

    private static int newChat(String token) throws InterruptedException {
        Cluster.Reply reply = write("POST", "/applications/" + token + "/chats", null);
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return reply.body().get("number").asInt();
    }

    private static int create(String token, int chat, String text) throws InterruptedException {
        Cluster.Reply reply = write("POST", "/applications/" + token + "/chats/" + chat + "/messages", body(text));
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return reply.body().get("number").asInt();
    }

    private static int edit(String token, int chat, int number, String text) throws InterruptedException {
        Cluster.Reply reply = write("PATCH", "/applications/" + token + "/chats/" + chat + "/messages/" + number,
                body(text));
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return number;
    }

    private static int delete(String token, int chat, int number) throws InterruptedException {
        Cluster.Reply reply = write("DELETE", "/applications/" + token + "/chats/" + chat + "/messages/" + number, null);
        assertEquals(202, reply.status(), String.valueOf(reply.body()));
        return number;
    }

    /**
     * A write through node B, as a careful client makes it: with an Idempotency-Key on creates, and sent again
     * after a 503 (the broker restarting) or a broken connection, for up to a minute.
     */
    private static Cluster.Reply write(String method, String path, String json) throws InterruptedException {
        String key = method.equals("POST") ? UUID.randomUUID().toString() : null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            Cluster.Reply reply = null;
            IOException failure = null;
            try {
                reply = Cluster.send(b, method, path, json, key);
                if (reply.status() != 503) {
                    return reply;
                }
            } catch (IOException e) {
                failure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(method + " " + path + " not accepted within a minute: "
                        + (reply == null ? failure : reply.status() + " " + reply.body()), failure);
            }
            Thread.sleep(500);
        }
    }
}

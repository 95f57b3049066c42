package dev.chatservice.systemtests.production;

import static dev.chatservice.systemtests.production.Cluster.await;
import static dev.chatservice.systemtests.production.Cluster.body;
import static dev.chatservice.systemtests.production.Cluster.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The production guarantees, end to end: two HTTP nodes and two workers as separate processes on the real
 * MySQL/MariaDB, Redis, RabbitMQ and Elasticsearch. Clients spread their requests over both nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionGuaranteesTest {
    private static Cluster cluster;

    @BeforeAll
    static void startStack() throws Exception {
        cluster = Cluster.start("it");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void create_32threadsOverTwoNodes_numbersExactly1toNAndCountersExact() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        List<Integer> messages = concurrently(32, 5000, i -> cluster.newMessage(token, chat, "load message " + i));
        List<Integer> chats = concurrently(32, 500, i -> cluster.newChat(token));
        List<Integer> sortedMessages = new ArrayList<>(messages);
        Collections.sort(sortedMessages);
        List<Integer> sortedChats = new ArrayList<>(chats);
        Collections.sort(sortedChats);
        assertEquals(IntStream.rangeClosed(1, 5000).boxed().toList(), sortedMessages,
                "numbers granted (" + cluster.retried503() + " creates were retried after a 503)");
        assertEquals(IntStream.rangeClosed(2, 501).boxed().toList(), sortedChats);

        await("5,000 messages persisted", () -> cluster.persistedMessages(token, chat).size() == 5000);
        assertEquals(IntStream.rangeClosed(1, 5000).boxed().toList(),
                new ArrayList<>(cluster.persistedMessages(token, chat).keySet()));
        await("501 chats persisted", () -> cluster.persistedChats(token).size() == 501);
        assertEquals(IntStream.rangeClosed(1, 501).boxed().toList(), cluster.persistedChats(token));
        await("counters exact", () -> cluster.call("GET", "/applications/" + token, null).body()
                .get("chats_count").asInt() == 501
                && cluster.call("GET", "/applications/" + token + "/chats/" + chat, null).body()
                .get("messages_count").asInt() == 5000);
    }

    @Test
    @Order(2)
    void workerMetrics_afterWritesPersisted_reportQueueDepthAndLags() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        cluster.newMessage(token, chat, "measured");
        await("persisted", () -> cluster.persistedMessages(token, chat).size() == 1);
        double persisted = 0;
        StringBuilder scraped = new StringBuilder();
        for (Node worker : cluster.workers) {
            String text = Cluster.HTTP.send(HttpRequest.newBuilder(URI.create(worker.baseUrl() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            persisted += sample(text, "chat_lag_persist_seconds_count");
            assertTrue(sample(text, "chat_queue_depth") >= 0, "queue depth read from the broker");
            assertEquals(0, sample(text, "chat_queue_dead_letters"), "dead-letter queue depth");
            scraped.append(text);
        }
        assertTrue(persisted >= 2, "the chat and the message were measured: " + persisted);
        assertTrue(scraped.toString().contains("chat_lag_index_seconds_count"), "index lag exposed");
    }

    /** The value of the first sample whose line starts with {@code series}. */
    private static double sample(String text, String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + text));
    }

    @Test
    @Order(3)
    void createMessage_rightAfterChatCreate_isPersisted() throws Exception {
        String token = cluster.newApplication("guarantees");
        List<Integer> chats = concurrently(8, 50, i -> cluster.newChat(token));
        Map<Integer, Integer> firstMessages = new ConcurrentHashMap<>();
        concurrently(8, chats.size(), i -> firstMessages.put(chats.get(i), cluster.newMessage(token, chats.get(i), "hi")));
        await("every first message persisted", () -> chats.stream()
                .allMatch(chat -> cluster.persistedMessages(token, chat).equals(Map.of(1, "hi"))));
        assertEquals(50, firstMessages.size());
    }

    @Test
    @Order(4)
    void createUpdateDelete_backToBack_endInTheFinalState() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int number = cluster.newMessage(token, chat, "draft " + i);
            String path = "/applications/" + token + "/chats/" + chat + "/messages/" + number;
            assertEquals(202, cluster.call("PATCH", path, body("edited " + i)).status());
            assertEquals(202, cluster.call("PATCH", path, body("final " + i)).status());
            if (i % 2 == 0) {
                assertEquals(202, cluster.call("DELETE", path, null).status());
            } else {
                kept.add(number);
            }
        }
        Map<Integer, String> expected = new java.util.TreeMap<>();
        for (int number : kept) {
            expected.put(number, "final " + (number - 1));
        }
        await("final states persisted", () -> cluster.persistedMessages(token, chat).equals(expected));
        await("messages_count exact", () -> cluster.call("GET", "/applications/" + token + "/chats/" + chat, null).body()
                .get("messages_count").asInt() == kept.size());
    }

    @Test
    @Order(5)
    void redisLosesItsData_whileCommandsQueued_noDuplicateAndNothingLost() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        for (Node worker : cluster.workers) {
            worker.close();
        }
        cluster.workers.clear();
        for (int i = 0; i < 200; i++) {
            String text = "before flush " + i;
            accepted.put(cluster.newMessage(token, chat, text), text);
        }
        int chatBefore = cluster.newChat(token);
        try (UnifiedJedis redis = RedisClient.create(URI.create(LocalServices.REDIS_URL))) {
            redis.flushDB();
        }
        // The chat itself is not persisted yet: until it is, Redis alone knew it, so wait for it.
        cluster.workers.add(Node.worker("it-worker-0"));
        cluster.workers.add(Node.worker("it-worker-1"));
        await("chat persisted", () -> cluster.call("GET", "/applications/" + token + "/chats/" + chat, null).status() == 200);
        for (int i = 0; i < 200; i++) {
            String text = "after flush " + i;
            Integer number = cluster.newMessage(token, chat, text);
            assertTrue(accepted.putIfAbsent(number, text) == null, "number " + number + " granted twice");
        }
        assertTrue(cluster.newChat(token) > chatBefore, "chat numbers never repeat");
        await("all 400 accepted messages persisted", () -> cluster.persistedMessages(token, chat).size() == 400);
        assertEquals(new java.util.TreeMap<>(accepted), cluster.persistedMessages(token, chat));
    }

    @Test
    @Order(6)
    void workerKilledMidBatchThenBrokerRestartedWithQueuedWrites_everyAcceptedWriteSurvives() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        cluster.workers.remove(1).close();
        Writes writes = writeWhile(token, chat, 250, "durable", () -> cluster.workers.remove(0).kill());
        Map<Integer, String> accepted = writes.accepted();
        // No worker runs now: what the killed one had not acknowledged waits in the queues for the restart.
        assertTrue(cluster.persistedMessages(token, chat).size() < accepted.size(), "some writes are still queued");
        assertEquals(0, LocalServices.rabbitmqctl("stop_app"));
        assertEquals(0, LocalServices.rabbitmqctl("start_app"));
        // The nodes answer 503 while they reconnect, and recover without a restart.
        await("HTTP nodes ready again after the broker restart", () -> cluster.httpNodes.stream().allMatch(Node::isReady));
        cluster.workers.add(Node.worker("it-worker-0"));
        cluster.workers.add(Node.worker("it-worker-1"));
        await("every accepted write persisted", () -> cluster.persistedMessages(token, chat).size() == accepted.size());
        assertEquals(2000, accepted.size());
        assertEquals(new java.util.TreeMap<>(accepted), cluster.persistedMessages(token, chat));
    }

    @Test
    @Order(7)
    void elasticsearchDown_searchAnswers503AndWritesPersistAndBecomeSearchableSoonAfter() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        cluster.newMessage(token, chat, "indexed before the outage");
        await("first message searchable", () -> cluster.search(token, chat, "outage") == 1);
        ElasticsearchProcess elasticsearch = ElasticsearchProcess.running();
        assertEquals(0, elasticsearch.stop());
        try {
            // The outage is real: the port is closed, and search says so with a 503 on each node.
            assertFalse(elasticsearch.listening(), "Elasticsearch still listens after scripts/elasticsearch stop");
            for (Node node : cluster.httpNodes) {
                Cluster.Reply reply = Cluster.send(node, "GET", Cluster.searchPath(token, chat, "outage"), null, null);
                assertEquals(503, reply.status(), "search on " + node.name + " during the outage: " + reply.body());
                assertTrue(reply.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
            }
            for (int i = 0; i < 20; i++) {
                cluster.newMessage(token, chat, "wonderful outage message " + i);
            }
            await("written during the outage, persisted", () -> cluster.persistedMessages(token, chat).size() == 21);
        } finally {
            assertEquals(0, elasticsearch.start());
        }
        long back = System.nanoTime();
        await("searchable after the outage", () -> cluster.search(token, chat, "onderf") == 20);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back);
        assertTrue(seconds <= 10, "searchable " + seconds + " s after Elasticsearch returned (promise: 10 s)");
    }

    @Test
    @Order(8)
    void reindexCommand_afterIndexLost_makesEveryMessageSearchableAgain() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        for (int i = 0; i < 30; i++) {
            cluster.newMessage(token, chat, "rebuilt message " + i);
        }
        await("indexed", () -> cluster.search(token, chat, "rebuilt") == 30);
        assertEquals(200, LocalServices.elasticsearch("DELETE", "/" + LocalServices.ELASTICSEARCH_CONCRETE_INDEX));
        assertEquals(0, Node.adminCommand("it-reindex", "reindex"));
        await("searchable again after reindex", () -> cluster.search(token, chat, "ebuil") == 30);
        assertTrue(java.nio.file.Files.readString(Node.log("it-reindex")).contains("reindex: done"));
    }

    @Test
    @Order(9)
    void httpNodeGetsSigtermUnderLoad_noAcknowledgedWriteLostAndNo5xx() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        AtomicInteger serverErrors = new AtomicInteger();
        Node stopping = cluster.httpNodes.get(1);
        ExecutorService load = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(load.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String text = "sigterm " + thread + "-" + i;
                        Node node = cluster.httpNodes.get(i % 2);
                        int status = post(node, "/applications/" + token + "/chats/" + chat + "/messages",
                                body(text), accepted, text);
                        if (status >= 500) {
                            serverErrors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            stopping.close();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            load.shutdownNow();
            cluster.httpNodes.set(1, Node.http("it-http-1"));
        }
        assertEquals(0, serverErrors.get(), "5xx answers while a node drained");
        await("every accepted write persisted", () -> cluster.persistedMessages(token, chat).size() == accepted.size());
        assertEquals(new java.util.TreeMap<>(accepted), cluster.persistedMessages(token, chat));
    }

    @Test
    @Order(10)
    void workerGetsSigtermUnderLoad_exitsCleanlyAndNoAcknowledgedWriteLost() throws Exception {
        String token = cluster.newApplication("guarantees");
        int chat = cluster.newChat(token);
        int[] exitStatus = new int[1];
        String[] stoppedLog = new String[1];
        Writes writes;
        try {
            writes = writeWhile(token, chat, 150, "worker sigterm", () -> {
                exitStatus[0] = cluster.workers.get(1).terminate();
                stoppedLog[0] = java.nio.file.Files.readString(Node.log("it-worker-1"));
            });
        } finally {
            cluster.workers.set(1, Node.worker("it-worker-1"));
        }
        Map<Integer, String> accepted = writes.accepted();
        assertEquals(0, writes.refused(), "writes not acknowledged while a worker stopped");
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal, not on a crash.
        assertEquals(143, exitStatus[0], "exit status of the worker after SIGTERM");
        assertTrue(stoppedLog[0].contains("stopping: finishing the batch in hand"), "graceful stop logged");
        await("every accepted write persisted", () -> cluster.persistedMessages(token, chat).size() == accepted.size());
        assertEquals(new java.util.TreeMap<>(accepted), cluster.persistedMessages(token, chat));
    }

    /** The messages a load acknowledged (number to body), and how many of its writes got another answer. */
    private record Writes(Map<Integer, String> accepted, int refused) {}

    /** Something the test does to the stack while the load runs. */
    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    /** Eight clients each create {@code perClient} messages in a chat; half a second in, {@code fault} strikes. */
    private static Writes writeWhile(String token, int chat, int perClient, String prefix, Fault fault)
            throws Exception {
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int client = t;
                writers.add(load.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String text = prefix + " " + client + "-" + i;
                        Cluster.Reply reply = cluster.call("POST", "/applications/" + token + "/chats/" + chat + "/messages",
                                body(text));
                        if (reply.status() == 202) {
                            accepted.put(reply.body().get("number").asInt(), text);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            fault.inject();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            load.shutdownNow();
        }
        return new Writes(accepted, refused.get());
    }

    /** Posts to one node; a refused connection is no answer at all, so it promises nothing. */
    private static int post(Node node, String path, String json, Map<Integer, String> accepted, String text) {
        try {
            HttpResponse<String> response = Cluster.HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted.put(Cluster.JSON.readTree(response.body()).get("number").asInt(), text);
            }
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

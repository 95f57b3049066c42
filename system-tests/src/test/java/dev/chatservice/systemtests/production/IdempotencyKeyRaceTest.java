package dev.chatservice.systemtests.production;

import static dev.chatservice.systemtests.production.Cluster.await;
import static dev.chatservice.systemtests.production.Cluster.body;
import static dev.chatservice.systemtests.production.Cluster.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sixteen concurrent creates with one Idempotency-Key, over both production nodes, make one chat or message. */
class IdempotencyKeyRaceTest {
    private static final int RACERS = 16;
    private static Cluster cluster;

    @BeforeAll
    static void startStack() throws Exception {
        cluster = Cluster.start("idem");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends the same create {@value #RACERS} times at once, alternating nodes; every answer. */
    private static List<Cluster.Reply> race(String path, String json) throws Exception {
        String key = UUID.randomUUID().toString();
        return concurrently(RACERS, RACERS, i -> {
            try {
                return Cluster.send(cluster.httpNodes.get(i % 2), "POST", path, json, key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Asserts every racer was answered 202 with the same number, and only one of them created it. */
    private static int oneNumber(List<Cluster.Reply> replies) {
        replies.forEach(reply -> assertEquals(202, reply.status(), String.valueOf(reply.body())));
        Set<Integer> numbers = replies.stream().map(r -> r.body().get("number").asInt()).collect(Collectors.toSet());
        assertEquals(1, numbers.size(), "numbers granted to one Idempotency-Key: " + numbers);
        long fresh = replies.stream()
                .filter(r -> !r.headers().firstValue("Idempotent-Replayed").orElse("false").equals("true")).count();
        assertEquals(1, fresh, "answers that were not replays");
        return numbers.iterator().next();
    }

    @Test
    void createMessage_sameKey16AtOnceOnTwoNodes_oneNumberAndOneMessage() throws Exception {
        String token = cluster.newApplication("idempotency");
        int chat = cluster.newChat(token);
        int number = oneNumber(race("/applications/" + token + "/chats/" + chat + "/messages", body("once")));
        cluster.newMessage(token, chat, "after");
        await("both messages persisted", () -> cluster.persistedMessages(token, chat).size() == 2);
        assertEquals(Map.of(number, "once", number + 1, "after"), cluster.persistedMessages(token, chat));
        await("messages_count exact", () -> cluster.call("GET", "/applications/" + token + "/chats/" + chat, null)
                .body().get("messages_count").asInt() == 2);
    }

    @Test
    void createChat_sameKey16AtOnceOnTwoNodes_oneNumberAndOneChat() throws Exception {
        String token = cluster.newApplication("idempotency");
        int number = oneNumber(race("/applications/" + token + "/chats", null));
        int next = cluster.newChat(token);
        assertEquals(number + 1, next, "the next chat follows the one the racers shared");
        await("both chats persisted", () -> cluster.persistedChats(token).size() == 2);
        assertEquals(List.of(number, next), cluster.persistedChats(token));
        await("chats_count exact", () -> cluster.call("GET", "/applications/" + token, null)
                .body().get("chats_count").asInt() == 2);
    }
}

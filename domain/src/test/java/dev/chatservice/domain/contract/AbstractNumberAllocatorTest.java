package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises every {@link NumberAllocator} keeps; each implementation's test extends this class. */
public abstract class AbstractNumberAllocatorTest {
    private static final Optional<IdempotencyKey> NO_KEY = Optional.empty();

    protected NumberAllocator allocator;

    /** A fresh allocator, or one that at least has never seen the random tokens these tests use. */
    protected abstract NumberAllocator newAllocator();

    @BeforeEach
    void setUpAllocator() {
        allocator = newAllocator();
    }

    private ApplicationToken registered() {
        ApplicationToken token = token();
        allocator.registerApplication(token);
        return token;
    }

    private int chatNumber(ApplicationToken token) {
        return granted(allocator.allocateChat(token, NO_KEY, now())).number().value();
    }

    private int messageNumber(ChatRef chat) {
        return granted(allocator.allocateMessage(chat, NO_KEY, "f", now())).number().value();
    }

    @SuppressWarnings("unchecked")
    private static <N> Allocation.Granted<N> granted(Allocation<N> allocation) {
        return assertInstanceOf(Allocation.Granted.class, allocation);
    }

    @Test
    void allocateChat_unknownApplication_answersUnknownParent() {
        assertInstanceOf(Allocation.UnknownParent.class, allocator.allocateChat(token(), NO_KEY, now()));
    }

    @Test
    void allocateChat_newApplication_startsAtOneAndCountsUp() {
        ApplicationToken token = registered();
        assertEquals(List.of(1, 2, 3), List.of(chatNumber(token), chatNumber(token), chatNumber(token)));
    }

    @Test
    void allocateChat_twoApplications_numberEachFromOne() {
        ApplicationToken first = registered();
        ApplicationToken second = registered();
        chatNumber(first);
        assertEquals(1, chatNumber(second));
    }

    @Test
    void registerApplication_repeated_keepsCounter() {
        ApplicationToken token = registered();
        chatNumber(token);
        allocator.registerApplication(token);
        assertEquals(2, chatNumber(token));
    }

    @Test
    void allocateMessage_unknownChat_answersUnknownParent() {
        ApplicationToken token = registered();
        assertInstanceOf(Allocation.UnknownParent.class,
                allocator.allocateMessage(chat(token, 1), NO_KEY, "f", now()));
    }

    @Test
    void allocateMessage_rightAfterChatGranted_startsAtOne() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        assertEquals(List.of(1, 2), List.of(messageNumber(chat), messageNumber(chat)));
    }

    @Test
    void allocateMessage_twoChats_numberEachFromOne() {
        ApplicationToken token = registered();
        ChatRef first = chat(token, chatNumber(token));
        ChatRef second = chat(token, chatNumber(token));
        messageNumber(first);
        messageNumber(first);
        assertEquals(1, messageNumber(second));
    }

    @Test
    void allocateChat_repeatedKey_replaysSameNumber() {
        ApplicationToken token = registered();
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("chat-key-1"));
        Instant first = now();
        Allocation.Granted<ChatNumber> original = granted(allocator.allocateChat(token, key, first));
        Allocation.Granted<ChatNumber> replay = granted(allocator.allocateChat(token, key, first.plusSeconds(5)));
        assertEquals(original.number(), replay.number());
        assertTrue(replay.replayed());
        assertEquals(original.acceptedAt(), replay.acceptedAt());
    }

    @Test
    void allocateChat_repeatedKey_grantsNothingNew() {
        ApplicationToken token = registered();
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("chat-key-2"));
        allocator.allocateChat(token, key, now());
        allocator.allocateChat(token, key, now());
        assertEquals(2, chatNumber(token));
    }

    @Test
    void allocateMessage_repeatedKeySameBody_replaysSameNumber() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("msg-key"));
        Allocation.Granted<MessageNumber> original = granted(allocator.allocateMessage(chat, key, "abc", now()));
        Allocation.Granted<MessageNumber> replay = granted(allocator.allocateMessage(chat, key, "abc", now()));
        assertEquals(original.number(), replay.number());
        assertFalse(original.replayed());
        assertTrue(replay.replayed());
    }

    @Test
    void allocateMessage_repeatedKeyOtherBody_answersKeyConflict() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("msg-key"));
        allocator.allocateMessage(chat, key, "abc", now());
        assertInstanceOf(Allocation.KeyConflict.class, allocator.allocateMessage(chat, key, "xyz", now()));
    }

    @Test
    void allocateMessage_sameKeyInAnotherChat_grantsIndependently() {
        ApplicationToken token = registered();
        ChatRef first = chat(token, chatNumber(token));
        ChatRef second = chat(token, chatNumber(token));
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("shared"));
        messageNumber(first);
        allocator.allocateMessage(first, key, "abc", now());
        Allocation.Granted<MessageNumber> other = granted(allocator.allocateMessage(second, key, "xyz", now()));
        assertEquals(1, other.number().value());
        assertFalse(other.replayed());
    }

    @Test
    void allocateMessage_keyOlderThanWindow_grantsNewNumber() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("old"));
        Instant long_ago = now().minus(NumberAllocator.IDEMPOTENCY_WINDOW).minusSeconds(60);
        allocator.allocateMessage(chat, key, "abc", long_ago);
        Allocation.Granted<MessageNumber> later = granted(allocator.allocateMessage(chat, key, "abc", now()));
        assertEquals(2, later.number().value());
    }

    @Test
    void chatExists_grantedChat_isTrue() {
        ApplicationToken token = registered();
        assertTrue(allocator.chatExists(chat(token, chatNumber(token))));
    }

    @Test
    void chatExists_neverGranted_isFalse() {
        assertFalse(allocator.chatExists(chat(registered(), 1)));
    }

    @Test
    void messageGranted_upToLastNumber_isTrueAndBeyondFalse() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        messageNumber(chat);
        messageNumber(chat);
        assertTrue(allocator.messageGranted(message(chat, 2)));
        assertFalse(allocator.messageGranted(message(chat, 3)));
    }

    @Test
    void forgetChat_afterwards_refusesMessages() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        allocator.forgetChat(chat);
        assertFalse(allocator.chatExists(chat));
        assertInstanceOf(Allocation.UnknownParent.class, allocator.allocateMessage(chat, NO_KEY, "f", now()));
    }

    @Test
    void forgetChat_afterwards_neverReusesItsNumber() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        allocator.forgetChat(chat);
        assertEquals(2, chatNumber(token));
    }

    @Test
    void forgetApplication_afterwards_refusesChatsAndMessages() {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        allocator.forgetApplication(token);
        assertInstanceOf(Allocation.UnknownParent.class, allocator.allocateChat(token, NO_KEY, now()));
        assertInstanceOf(Allocation.UnknownParent.class, allocator.allocateMessage(chat, NO_KEY, "f", now()));
    }

    @Test
    void allocateChat_8threadsBy1000_grantsExactly1to8000() throws Exception {
        ApplicationToken token = registered();
        List<Integer> numbers = concurrently(8, 1000, () -> chatNumber(token));
        assertEquals(IntStream.rangeClosed(1, 8000).boxed().toList(), numbers);
    }

    @Test
    void allocateMessage_8threadsBy1000_grantsExactly1to8000() throws Exception {
        ApplicationToken token = registered();
        ChatRef chat = chat(token, chatNumber(token));
        List<Integer> numbers = concurrently(8, 1000, () -> messageNumber(chat));
        assertEquals(IntStream.rangeClosed(1, 8000).boxed().toList(), numbers);
    }

    /** Runs {@code task} {@code perThread} times on each of {@code threads} threads; returns all results sorted. */
    protected static List<Integer> concurrently(int threads, int perThread, Callable<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(task.call());
                    }
                    return mine;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                all.addAll(future.get());
            }
            Collections.sort(all);
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.CommandQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises every {@link CommandQueue} keeps; each implementation's test extends this class. */
public abstract class AbstractCommandQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    protected CommandQueue queue;
    private final List<CommandQueue.Subscription> subscriptions = new ArrayList<>();

    /** An empty queue that no other test uses. */
    protected abstract CommandQueue newQueue() throws Exception;

    /** The commands the queue dead-lettered so far. */
    protected abstract List<Command> deadLetters() throws Exception;

    /** Releases what {@link #newQueue()} made; the default does nothing. */
    protected void closeQueue() throws Exception {}

    @BeforeEach
    void setUpQueue() throws Exception {
        queue = newQueue();
    }

    @AfterEach
    void tearDownQueue() throws Exception {
        subscriptions.forEach(CommandQueue.Subscription::close);
        closeQueue();
    }

    private List<Command> collectInto(List<Command> handled) {
        subscriptions.add(queue.subscribe(handled::addAll));
        return handled;
    }

    private static CreateMessageCommand createMessage(ChatRef chat, int number) {
        return new CreateMessageCommand(message(chat, number), new MessageBody("m" + number), now());
    }

    @Test
    void publish_thenSubscribe_deliversEveryCommandInOrder() throws Exception {
        ChatRef chat = chat(token(), 1);
        List<Command> published = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            published.add(createMessage(chat, i));
            queue.publish(published.get(i - 1));
        }
        List<Command> handled = collectInto(new CopyOnWriteArrayList<>());
        awaitTrue(() -> handled.size() >= published.size());
        assertEquals(published, handled);
    }

    @Test
    void subscribe_thenPublish_deliversCommand() throws Exception {
        List<Command> handled = collectInto(new CopyOnWriteArrayList<>());
        Command command = new CreateChatCommand(chat(token(), 7), now());
        queue.publish(command);
        awaitTrue(() -> handled.size() == 1);
        assertEquals(List.of(command), handled);
    }

    @Test
    void publish_8threadsInOwnChats_keepsEachChatInOrder() throws Exception {
        List<Command> handled = collectInto(new CopyOnWriteArrayList<>());
        ApplicationToken token = token();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 1; t <= 8; t++) {
                ChatRef chat = chat(token, t);
                futures.add(pool.submit(() -> IntStream.rangeClosed(1, 200)
                        .forEach(i -> queue.publish(createMessage(chat, i)))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitTrue(() -> handled.size() >= 1600);
        Map<ChatRef, List<Integer>> perChat = new HashMap<>();
        for (Command command : handled) {
            perChat.computeIfAbsent(command.chat(), c -> new ArrayList<>())
                    .add(((CreateMessageCommand) command).message().message().value());
        }
        List<Integer> expected = IntStream.rangeClosed(1, 200).boxed().toList();
        assertEquals(8, perChat.size());
        perChat.values().forEach(numbers -> assertEquals(expected, numbers));
    }

    @Test
    void subscribe_handlerFailsOnce_redeliversBatch() throws Exception {
        AtomicBoolean failedOnce = new AtomicBoolean();
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscriptions.add(queue.subscribe(batch -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated failure");
            }
            handled.addAll(batch);
        }));
        Command command = new CreateChatCommand(chat(token(), 3), now());
        queue.publish(command);
        awaitTrue(() -> !handled.isEmpty());
        assertEquals(List.of(command), handled);
    }

    @Test
    void subscribe_handlerAlwaysFails_deadLettersCommandAndDeliversLaterOnes() throws Exception {
        Command poison = new CreateChatCommand(chat(token(), 1), now());
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscriptions.add(queue.subscribe(batch -> {
            if (batch.contains(poison)) {
                throw new IllegalStateException("poison");
            }
            handled.addAll(batch);
        }));
        queue.publish(poison);
        awaitTrue(() -> deadLettersQuietly().contains(poison));
        Command healthy = new CreateChatCommand(chat(token(), 2), now());
        queue.publish(healthy);
        awaitTrue(() -> handled.contains(healthy));
        assertEquals(List.of(healthy), handled);
    }

    private List<Command> deadLettersQuietly() {
        try {
            return deadLetters();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds, failing after a generous limit: a wait, not a timing assertion. */
    protected static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within " + PATIENCE);
            Thread.sleep(10);
        }
    }
}

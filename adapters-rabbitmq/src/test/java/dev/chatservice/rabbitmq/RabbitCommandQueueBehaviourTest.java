package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.contract.Fixtures;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the RabbitMQ adapter promises beyond the port contract, each against the local broker. */
class RabbitCommandQueueBehaviourTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final RabbitConfig config = TestBroker.config();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RabbitCommandQueue admin;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (admin != null) {
            try {
                admin.deleteTopology();
            } finally {
                admin.close();
            }
        }
    }

    @Test
    void subscribe_undecodableMessageOnShard_deadLettersIt() throws Exception {
        RabbitCommandQueue queue = queue();
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscribe(queue, handled::addAll);
        TestBroker.publishRaw(queue.topology().exchange(), Topology.routingKey(0), new byte[] {42, 1, 2, 3});
        awaitTrue(() -> new RabbitDeadLetters(queue).peek(10).size() == 1);
        DeadLetter letter = new RabbitDeadLetters(queue).peek(10).get(0);
        assertEquals(List.of(false, "rejected", queue.topology().shardQueue(0)),
                List.of(letter.command().isPresent(), letter.reason(), letter.sourceQueue()));
    }

    @Test
    void deadLetterDepth_undecodableMessageDeadLettered_countsItOnceByEveryMeasure() throws Exception {
        RabbitCommandQueue queue = queue();
        subscribe(queue, batch -> { });
        TestBroker.publishRaw(queue.topology().exchange(), Topology.routingKey(0), new byte[] {42, 1, 2, 3});
        awaitTrue(() -> new RabbitQueueStats(queue).deadLetterDepth() == 1);
        assertEquals(1, new RabbitQueueStats(queue).deadLetteredByConsumers());
    }

    @Test
    void publish_16threadsConcurrently_confirmsEveryPublishWithFewerCallbacks() throws Exception {
        RabbitCommandQueue queue = queue();
        int threads = 16;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                ChatRef chat = Fixtures.chat(Fixtures.token(), t);
                futures.add(pool.submit(() -> IntStream.rangeClosed(1, perThread)
                        .forEach(i -> queue.publish(createMessage(chat, i)))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, queue.confirmedPublishes());
        assertTrue(queue.confirmCallbacks() < queue.confirmedPublishes(),
                queue.confirmCallbacks() + " confirm callbacks for " + queue.confirmedPublishes() + " publishes");
    }

    @Test
    void subscribe_twoWorkersWithOneStoppingMidway_keepEachChatInOrder() throws Exception {
        RabbitCommandQueue publisher = queue();
        List<Command> handled = new CopyOnWriteArrayList<>();
        List<AtomicInteger> counts = List.of(new AtomicInteger(), new AtomicInteger());
        List<CommandQueue.Subscription> workers = new ArrayList<>();
        for (AtomicInteger count : counts) {
            // Two instances with connections of their own: two worker processes.
            workers.add(subscribe(queue(), batch -> {
                handled.addAll(batch);
                count.addAndGet(batch.size());
            }));
        }
        List<ChatRef> chats = IntStream.rangeClosed(1, 8).mapToObj(n -> Fixtures.chat(Fixtures.token(), n)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(chats.size());
        int stopped;
        try {
            List<Future<?>> firstWave = publishInParallel(pool, publisher, chats, 1, 200);
            awaitTrue(() -> handled.size() >= 100);
            stopped = counts.get(0).get() >= counts.get(1).get() ? 0 : 1;
            workers.get(stopped).close(); // while the first wave is still arriving
            awaitAll(firstWave);
            awaitAll(publishInParallel(pool, publisher, chats, 201, 300));
        } finally {
            pool.shutdownNow();
        }
        awaitTrue(() -> handled.size() >= chats.size() * 300);
        Map<ChatRef, List<Integer>> perChat = new HashMap<>();
        for (Command command : handled) {
            perChat.computeIfAbsent(command.chat(), c -> new ArrayList<>())
                    .add(((CreateMessageCommand) command).message().message().value());
        }
        List<Integer> expected = IntStream.rangeClosed(1, 300).boxed().toList();
        chats.forEach(chat -> assertEquals(expected, perChat.get(chat), "order of " + chat));
        assertTrue(counts.get(1 - stopped).get() > 0, "the other worker took over");
    }

    @Test
    void subscribe_connectionLostBeforeAck_redeliversBatch() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        resources.add(proxy);
        RabbitCommandQueue publisher = queue();
        RabbitCommandQueue worker = queue(config.withUrl(proxy.url()));
        List<List<Command>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch cut = new CountDownLatch(1);
        subscribe(worker, batch -> {
            batches.add(batch);
            inHandler.countDown();
            cut.await(PATIENCE.toSeconds(), TimeUnit.SECONDS); // the first batch returns only after the cut
        });
        ChatRef chat = Fixtures.chat(Fixtures.token(), 1);
        List<Command> published = List.of(createMessage(chat, 1), createMessage(chat, 2), createMessage(chat, 3));
        published.forEach(publisher::publish);
        assertTrue(inHandler.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        proxy.cut();
        cut.countDown();
        // The first batch may hold only some of the commands; everything after it starts over from the first.
        awaitTrue(() -> batches.stream().skip(1).mapToLong(List::size).sum() >= published.size());
        List<Command> redelivered = batches.stream().skip(1).flatMap(List::stream).toList();
        assertEquals(published, redelivered.subList(0, published.size()));
        // Everything the first batch held was handed out before the cut, so the broker marks it redelivered.
        RabbitQueueStats stats = new RabbitQueueStats(worker);
        assertTrue(stats.redeliveries() >= batches.get(0).size(), "redeliveries: " + stats.redeliveries());
    }

    @Test
    void isReady_connectionLost_returnsFalse() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        resources.add(proxy);
        RabbitCommandQueue queue = queue(config.withUrl(proxy.url()));
        assertTrue(queue.isReady());
        proxy.refuse(true);
        proxy.cut();
        awaitTrue(() -> !queue.isReady());
    }

    @Test
    void isReady_connectionRecovered_returnsTrueAgain() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        resources.add(proxy);
        RabbitCommandQueue queue = queue(config.withUrl(proxy.url()));
        proxy.refuse(true);
        proxy.cut();
        awaitTrue(() -> !queue.isReady());
        proxy.refuse(false);
        awaitTrue(queue::isReady);
    }

    @Test
    void publish_whileDisconnected_throwsDependencyUnavailable() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        resources.add(proxy);
        RabbitCommandQueue queue = queue(config.withUrl(proxy.url()));
        proxy.refuse(true);
        proxy.cut();
        awaitTrue(() -> !queue.isReady());
        Command command = new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now());
        assertThrows(DependencyUnavailableException.class, () -> queue.publish(command));
    }

    @Test
    void publish_afterRecovery_succeeds() throws Exception {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        resources.add(proxy);
        RabbitCommandQueue queue = queue(config.withUrl(proxy.url()));
        queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()));
        proxy.refuse(true);
        proxy.cut();
        awaitTrue(() -> !queue.isReady());
        proxy.refuse(false);
        awaitTrue(queue::isReady);
        queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), 2), Fixtures.now()));
        assertEquals(2, new RabbitQueueStats(queue).backlog());
    }

    @Test
    void publish_shardQueueMissing_throwsDependencyUnavailable() throws Exception {
        RabbitCommandQueue queue = queue();
        TestBroker.withChannel(channel -> {
            for (String shard : queue.topology().shardQueues()) {
                channel.queueDelete(shard);
            }
        });
        Command command = new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now());
        DependencyUnavailableException thrown =
                assertThrows(DependencyUnavailableException.class, () -> queue.publish(command));
        assertTrue(thrown.getMessage().contains("unroutable"), thrown.getMessage());
    }

    @Test
    void subscribe_poisonAmongHealthyCommands_deadLettersOnlyThePoison() throws Exception {
        RabbitCommandQueue queue = queue();
        ChatRef chat = Fixtures.chat(Fixtures.token(), 1);
        List<Command> published = IntStream.rangeClosed(1, 40).mapToObj(i -> (Command) createMessage(chat, i)).toList();
        Command poison = published.get(24);
        published.forEach(queue::publish); // all queued first, so they arrive as one batch
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscribe(queue, batch -> {
            if (batch.contains(poison)) {
                throw new IllegalStateException("poison");
            }
            handled.addAll(batch);
        });
        awaitTrue(() -> handled.size() >= published.size() - 1 && !new RabbitDeadLetters(queue).list().isEmpty());
        assertEquals(List.of(poison), new RabbitDeadLetters(queue).list());
    }

    @Test
    void subscribe_poisonAmongHealthyCommands_handlesTheOthersInOrder() throws Exception {
        RabbitCommandQueue queue = queue();
        ChatRef chat = Fixtures.chat(Fixtures.token(), 1);
        List<Command> published = IntStream.rangeClosed(1, 40).mapToObj(i -> (Command) createMessage(chat, i)).toList();
        Command poison = published.get(24);
        published.forEach(queue::publish);
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscribe(queue, batch -> {
            if (batch.contains(poison)) {
                throw new IllegalStateException("poison");
            }
            handled.addAll(batch);
        });
        awaitTrue(() -> handled.size() >= published.size() - 1);
        assertEquals(published.stream().filter(c -> c != poison).toList(), handled);
    }

    @Test
    void subscribe_dependencyUnavailableManyTimes_retriesWithoutDeadLettering() throws Exception {
        RabbitCommandQueue queue = queue(config.withRetries(2, 20, Duration.ofMillis(50)));
        AtomicInteger calls = new AtomicInteger();
        List<Command> handled = new CopyOnWriteArrayList<>();
        subscribe(queue, batch -> {
            if (calls.incrementAndGet() <= 6) {
                throw new DependencyUnavailableException("mysql", "down for a while", null);
            }
            handled.addAll(batch);
        });
        Command command = new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now());
        queue.publish(command);
        awaitTrue(() -> !handled.isEmpty());
        assertEquals(List.of(), new RabbitDeadLetters(queue).list());
    }

    /**
     * The broker-side backstop against crash loops. On RabbitMQ 3.10 every return counts towards
     * {@code x-delivery-limit}; 4.3 narrowed that count to failed deliveries, so rerun this there.
     */
    @Test
    void deliveryLimit_consumerClosesWithoutAckTooOften_deadLettersCommand() throws Exception {
        RabbitCommandQueue queue = queue(config.withRetries(5, 1, Duration.ofMillis(50)));
        Command command = new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now());
        queue.publish(command);
        String shard = queue.topology().shardQueue(new ShardRouter(config.shards()).shardOf(command.chat()));
        for (int crash = 1; crash <= 2; crash++) {
            // A consumer that takes the command and dies before acknowledging it (basic.get is refused on
            // quorum queues with a single active consumer).
            TestBroker.withChannel(channel -> {
                CountDownLatch delivered = new CountDownLatch(1);
                channel.basicConsume(shard, false, (tag, delivery) -> delivered.countDown(), tag -> { });
                assertTrue(delivered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            });
        }
        awaitTrue(() -> !new RabbitDeadLetters(queue).peek(10).isEmpty());
        DeadLetter letter = new RabbitDeadLetters(queue).peek(10).get(0);
        assertEquals(List.of(Optional.of(command), "delivery_limit"), List.of(letter.command(), letter.reason()));
    }

    @Test
    void replayDeadLetters_afterTheFailureIsFixed_deliversTheCommand() throws Exception {
        RabbitCommandQueue queue = queue();
        Command command = new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now());
        List<Command> handled = new CopyOnWriteArrayList<>();
        CountDownLatch fixed = new CountDownLatch(1);
        subscribe(queue, batch -> {
            if (fixed.getCount() > 0) {
                throw new IllegalStateException("bug");
            }
            handled.addAll(batch);
        });
        queue.publish(command);
        awaitTrue(() -> new RabbitDeadLetters(queue).list().contains(command));
        fixed.countDown();
        assertEquals(1, new RabbitDeadLetters(queue).replay());
        awaitTrue(() -> handled.contains(command));
        assertEquals(List.of(), new RabbitDeadLetters(queue).list());
    }

    @Test
    void peekDeadLetters_calledTwice_returnsTheSameLettersInOrder() throws Exception {
        RabbitCommandQueue queue = queue();
        ChatRef chat = Fixtures.chat(Fixtures.token(), 1);
        List<Command> letters = IntStream.rangeClosed(1, 50).mapToObj(i -> (Command) createMessage(chat, i)).toList();
        for (Command letter : letters) {
            TestBroker.publishRaw(queue.topology().deadLetterExchange(), "", CommandCodec.encode(letter));
        }
        new RabbitDeadLetters(queue).peek(100);
        assertEquals(letters, new RabbitDeadLetters(queue).list());
    }

    @Test
    void backlog_publishedWithoutSubscriber_countsEveryCommand() {
        RabbitCommandQueue queue = queue();
        for (int n = 1; n <= 3; n++) {
            queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), n), Fixtures.now()));
        }
        assertEquals(3, new RabbitQueueStats(queue).backlog());
    }

    @Test
    void close_batchInHand_finishesAndAcknowledgesIt() throws Exception {
        RabbitCommandQueue queue = queue();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Command> handled = new CopyOnWriteArrayList<>();
        CommandQueue.Subscription subscription = subscribe(queue, batch -> {
            inHandler.countDown();
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            handled.addAll(batch);
        });
        queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()));
        assertTrue(inHandler.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        Thread closer = new Thread(subscription::close);
        closer.start();
        release.countDown();
        closer.join();
        assertEquals(List.of(1L, 0L), List.of((long) handled.size(), new RabbitQueueStats(queue).backlog()));
    }

    @Test
    void connect_noBrokerListening_throwsDependencyUnavailable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RabbitConfig unreachable = config.withUrl("amqp://guest:guest@127.0.0.1:" + port + "/%2F");
        DependencyUnavailableException thrown =
                assertThrows(DependencyUnavailableException.class, () -> RabbitCommandQueue.connect(unreachable));
        assertEquals("rabbitmq", thrown.dependency());
    }

    private RabbitCommandQueue queue() {
        return queue(config);
    }

    /** An instance on this test's queues; the first one also deletes them at the end. */
    private RabbitCommandQueue queue(RabbitConfig settings) {
        if (admin == null) {
            admin = TestBroker.connect(settings.withUrl(TestBroker.url())); // same queue arguments, no proxy
        }
        RabbitCommandQueue queue = TestBroker.connect(settings);
        resources.add(queue);
        return queue;
    }

    private CommandQueue.Subscription subscribe(RabbitCommandQueue queue, CommandQueue.BatchHandler handler) {
        CommandQueue.Subscription subscription = queue.subscribe(handler);
        resources.add(subscription);
        return subscription;
    }

    private static List<Future<?>> publishInParallel(ExecutorService pool, RabbitCommandQueue queue,
                                                     List<ChatRef> chats, int from, int to) {
        List<Future<?>> futures = new ArrayList<>();
        for (ChatRef chat : chats) {
            futures.add(pool.submit(() -> IntStream.rangeClosed(from, to)
                    .forEach(i -> queue.publish(createMessage(chat, i)))));
        }
        return futures;
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private static CreateMessageCommand createMessage(ChatRef chat, int number) {
        return new CreateMessageCommand(Fixtures.message(chat, number), new MessageBody("m" + number), Fixtures.now());
    }

    /** Polls until the condition holds, failing after a generous limit: a wait, not a timing assertion. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within " + PATIENCE);
            Thread.sleep(20);
        }
    }
}

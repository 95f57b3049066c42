package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.memory.InMemoryChangeFanOut;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.Worker;
import dev.chatservice.wiring.MeteredProcessing;
import dev.chatservice.wiring.Telemetry;
import dev.chatservice.wiring.TimedCommandQueue;
import dev.chatservice.wiring.TimedNumberAllocator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** The embedded mode's composition: in-memory ports, the worker in this process, and the production meters. */
public final class EmbeddedMode implements AutoCloseable {
    private final InMemoryCommandQueue queue = new InMemoryCommandQueue();
    /** Live streams hear of the worker's commits here. */
    private final InMemoryChangeFanOut changeFanOut = new InMemoryChangeFanOut();
    private final Worker worker;
    private final ChatService service;

    /** @param catchUpEvery how often the worker retries search updates the index could not take */
    public EmbeddedMode(Telemetry telemetry, Clock clock, Duration catchUpEvery) {
        MeterRegistry registry = telemetry.registry();
        InMemoryChatStore store = new InMemoryChatStore();
        InMemoryMessageSearch search = new InMemoryMessageSearch();
        worker = new Worker(queue, new CommandProcessor(store, search, changeFanOut, new MeteredProcessing(registry)),
                catchUpEvery, Duration.ofMinutes(1));
        service = ChatService.of(store, store, store,
                new TimedNumberAllocator(new InMemoryNumberAllocator(), registry),
                new TimedCommandQueue(queue, registry), search, clock, changeFanOut);
        worker.start();
    }

    public ChatService service() {
        return service;
    }

    /** The in-process queue, which knows when the worker has applied everything accepted. */
    public InMemoryCommandQueue queue() {
        return queue;
    }

    /** The in-process fan-out that live streams listen to. */
    public InMemoryChangeFanOut changeFanOut() {
        return changeFanOut;
    }

    @Override
    public void close() {
        worker.close();
    }
}

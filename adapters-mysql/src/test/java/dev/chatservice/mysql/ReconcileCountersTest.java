package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counter reconciliation repairs drift, and is safe beside workers and other reconcilers. */
class ReconcileCountersTest {
    private final Jdbi jdbi = TestDatabase.jdbi();
    private final Ports store = TestDatabase.store(jdbi);
    private ApplicationToken token;

    @BeforeEach
    void setUp() {
        token = ApplicationToken.generate(new SecureRandom());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.applications().createApplication(
                new Application(token, new ApplicationName("reconcile"), 0, now, now));
    }

    @AfterEach
    void tearDown() {
        store.applications().deleteApplication(token);
    }

    private ChatRef chat(int number) {
        return new ChatRef(token, new ChatNumber(number));
    }

    private List<Command> chatWithMessages(int chatNumber, int from, int count) {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat(chatNumber), Instant.now()));
        for (int i = from; i < from + count; i++) {
            batch.add(new CreateMessageCommand(new MessageRef(chat(chatNumber), new MessageNumber(i)),
                    new MessageBody("m" + i), Instant.now()));
        }
        return batch;
    }

    @Test
    void reconcileCounters_driftedCounts_repairsThem() {
        store.ledger().apply(chatWithMessages(1, 1, 5));
        jdbi.useHandle(handle -> {
            handle.execute("UPDATE applications SET chats_count = 9 WHERE token = ?", token.value());
            handle.execute("""
                    UPDATE chats SET messages_count = 42
                    WHERE application_id = (SELECT id FROM applications WHERE token = ?)""", token.value());
        });
        assertTrue(store.ledger().reconcileCounters() >= 2);
        assertEquals(1, store.applications().findApplication(token).orElseThrow().chatsCount());
        assertEquals(5, store.history().findChat(chat(1)).orElseThrow().messagesCount());
    }

    @Test
    void reconcileCounters_twoReconcilersBesideAWorker_leaveExactCounts() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> reconcilers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                reconcilers.add(pool.submit(() -> {
                    while (writing.get()) {
                        store.ledger().reconcileCounters();
                    }
                    return null;
                }));
            }
            Future<?> worker = pool.submit(() -> {
                for (int round = 0; round < 20; round++) {
                    store.ledger().apply(chatWithMessages(1 + round % 4, 1 + round * 10, 10));
                }
                return null;
            });
            worker.get();
            writing.set(false);
            for (Future<?> reconciler : reconcilers) {
                reconciler.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, store.applications().findApplication(token).orElseThrow().chatsCount());
        for (int chat = 1; chat <= 4; chat++) {
            assertEquals(50, store.history().findChat(chat(chat)).orElseThrow().messagesCount());
        }
    }
}

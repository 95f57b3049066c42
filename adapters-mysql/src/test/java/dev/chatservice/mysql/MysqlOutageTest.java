package dev.chatservice.mysql;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.now;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** An unreachable or exhausted database surfaces as DependencyUnavailableException, and quickly. */
class MysqlOutageTest {
    private static final String NOTHING_LISTENING = "jdbc:mysql://127.0.0.1:1/test";

    @Test
    void connect_noServerListening_throwsDependencyUnavailable() {
        DependencyUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThrows(DependencyUnavailableException.class,
                        () -> MysqlDatabase.connect(NOTHING_LISTENING, "root", "")));
        assertEquals("mysql", e.dependency());
    }

    @Test
    void repository_noServerListening_throwsDependencyUnavailable() {
        Jdbi nowhere = Jdbi.create(NOTHING_LISTENING + "?connectTimeout=500");
        Ports store = TestDatabase.store(nowhere);
        JdbiNumberCeilings ceilings = new JdbiNumberCeilings(nowhere);
        assertThrows(DependencyUnavailableException.class, () -> store.applications().findApplication(token()));
        assertThrows(DependencyUnavailableException.class, () -> ceilings.reserveChatNumbers(token(), 1));
        assertThrows(DependencyUnavailableException.class, () -> store.ledger().apply(
                List.of(new CreateChatCommand(chat(token(), 1), now()))));
    }

    /**
     * No pooled connection to be had is what a request sees while the server is down too: it must fail within
     * 1 s, the time in which the API promises its 503.
     */
    @Test
    void findApplication_poolExhausted_throwsDependencyUnavailableWithinOneSecond() {
        TestDatabase.jdbi(); // fails with instructions if the server is down
        try (MysqlDatabase database = MysqlDatabase.connect(TestDatabase.URL, TestDatabase.USER,
                TestDatabase.PASSWORD, 1);
             Handle busy = database.jdbi().open()) {
            busy.execute("SELECT 1");
            Ports store = TestDatabase.store(database.jdbi());
            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThrows(DependencyUnavailableException.class,
                            () -> store.applications().findApplication(token())));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 1_000, "failed after " + millis + " ms");
        }
    }

    /**
     * A server that takes a read and answers nothing (a table locked by another session stands in for a
     * stalled network) fails the read with DependencyUnavailable while the lock is still held: the statement's
     * 750 ms bound on reads, not the lock's release or the driver's 30 s socket timeout, ends the wait.
     */
    @Test
    void listMessages_serverAnswersNothing_throwsDependencyUnavailableBeforeTheStallEnds() throws Exception {
        Ports store = TestDatabase.store(TestDatabase.jdbi());
        ChatRef chat = chat(token(), 1);
        CountDownLatch readFinished = new CountDownLatch(1);
        try (Handle locker = TestDatabase.jdbi().open()) {
            locker.execute("LOCK TABLES messages WRITE");
            AtomicBoolean releasedFirst = new AtomicBoolean();
            Thread release = new Thread(() -> {
                try {
                    // Far past the bound: the read must not be the one that waits this out.
                    if (!readFinished.await(20, TimeUnit.SECONDS)) {
                        releasedFirst.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                locker.execute("UNLOCK TABLES");
            });
            release.start();
            try {
                DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                        () -> store.history().listMessages(chat, new PageRequest(0, 10)));
                assertEquals("mysql", e.dependency());
            } finally {
                readFinished.countDown();
                release.join();
            }
            assertFalse(releasedFirst.get(), "the read waited for the lock to be released");
        }
        assertEquals(List.of(), store.history().listMessages(chat, new PageRequest(0, 10))
                .items(), "the pool serves reads again once the server answers");
    }
}

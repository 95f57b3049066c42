package dev.chatservice.mysql;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applies batches from several threads at once, as workers do, and compares with the in-memory reference. */
class ConcurrentApplyTest {
    private final Ports store = TestDatabase.store(TestDatabase.jdbi());
    private final Ports reference = Ports.of(new InMemoryChatStore());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private Application application;

    @BeforeEach
    void createApplication() {
        application = application("concurrent");
        store.applications().createApplication(application);
        reference.applications().createApplication(application);
    }

    @AfterEach
    void deleteApplication() {
        pool.shutdownNow();
        store.applications().deleteApplication(application.token());
        TestDatabase.jdbi().useHandle(h -> h.createUpdate("DELETE FROM search_outbox WHERE application_token = :t")
                .bind("t", application.token().value()).execute());
    }

    @Test
    void apply_sameBatchFromTwoThreadsAtOnce_endsAsIfAppliedOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            List<Command> batch = batch(round * 5 + 1, 5);
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<?>> both = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                both.add(pool.submit(() -> {
                    start.await();
                    store.ledger().apply(batch);
                    return null;
                }));
            }
            for (Future<?> future : both) {
                future.get(60, TimeUnit.SECONDS);
            }
            reference.ledger().apply(batch);
        }
        assertSameState();
        assertEquals(outbox(reference), outbox(store));
    }

    @Test
    void apply_differentChatsOfOneApplicationAtOnce_countsExactly() throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            int first = worker * 1000 + 1;
            workers.add(pool.submit(() -> {
                for (int round = 0; round < 10; round++) {
                    store.ledger().apply(batch(first + round * 3, 3));
                }
                return null;
            }));
        }
        for (Future<?> future : workers) {
            future.get(120, TimeUnit.SECONDS);
        }
        for (int worker = 0; worker < 4; worker++) {
            for (int round = 0; round < 10; round++) {
                reference.ledger().apply(batch(worker * 1000 + 1 + round * 3, 3));
            }
        }
        assertSameState();
    }

    /**
     * Creates {@code count} chats from {@code firstChat} with ten messages each, updates and deletes one
     * message of each and deletes the last chat, so every kind of command and both counters are exercised.
     */
    private List<Command> batch(int firstChat, int count) {
        List<Command> batch = new ArrayList<>();
        for (int n = firstChat; n < firstChat + count; n++) {
            ChatRef chat = chat(application.token(), n);
            batch.add(new CreateChatCommand(chat, now()));
            for (int m = 1; m <= 10; m++) {
                batch.add(new CreateMessageCommand(message(chat, m), new MessageBody("message " + m), now()));
            }
            batch.add(new UpdateMessageCommand(UUID.nameUUIDFromBytes(("u" + n).getBytes()), message(chat, 1),
                    new MessageBody("edited"), now()));
            batch.add(new DeleteMessageCommand(message(chat, 2), now()));
        }
        batch.add(new DeleteChatCommand(chat(application.token(), firstChat + count - 1), now()));
        return batch;
    }

    private void assertSameState() {
        ApplicationToken token = application.token();
        assertEquals(reference.applications().findApplication(token).orElseThrow().chatsCount(),
                store.applications().findApplication(token).orElseThrow().chatsCount());
        List<Chat> chats = allChats(reference);
        assertEquals(chats.stream().map(c -> c.number().value() + ":" + c.messagesCount()).toList(),
                allChats(store).stream().map(c -> c.number().value() + ":" + c.messagesCount()).toList());
        for (Chat chat : chats) {
            ChatRef ref = new ChatRef(token, chat.number());
            assertEquals(reference.history().listMessages(ref, PageRequest.first(100)).items().stream()
                            .map(m -> m.number().value() + "=" + m.body().value()).toList(),
                    store.history().listMessages(ref, PageRequest.first(100)).items().stream()
                            .map(m -> m.number().value() + "=" + m.body().value()).toList());
        }
    }

    private List<Chat> allChats(Ports from) {
        List<Chat> all = new ArrayList<>();
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Chat> page = from.history().listChats(application.token(), request);
            all.addAll(page.items());
            if (page.nextFrom().isEmpty()) {
                return all;
            }
            request = new PageRequest(page.nextFrom().get(), PageRequest.MAX_LIMIT);
        }
    }

    private List<SearchUpdate> outbox(Ports from) {
        return from.ledger().pendingIndexing(100_000).stream().map(PendingIndexing::update)
                .filter(u -> token(u).equals(application.token())).toList();
    }

    private static ApplicationToken token(SearchUpdate update) {
        if (update instanceof SearchUpdate.IndexMessage index) {
            return index.message().chat().application();
        } else if (update instanceof SearchUpdate.RemoveMessage remove) {
            return remove.message().chat().application();
        } else if (update instanceof SearchUpdate.RemoveChat remove) {
            return remove.chat().application();
        }
        return ((SearchUpdate.RemoveApplication) update).application();
    }
}

package dev.chatservice.domain.process;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.memory.InMemoryChangeFanOut;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor persists first, indexes second, and catches the index up after an outage. */
class CommandProcessorTest {

    /** A search that can be switched off, standing in for an index that is down. */
    private static final class SwitchableSearch implements MessageSearch {
        final InMemoryMessageSearch delegate = new InMemoryMessageSearch();
        boolean down;
        boolean rejecting;
        String refusedBody;

        @Override
        public void apply(List<SearchUpdate> updates) {
            if (down) {
                throw new DependencyUnavailableException("search", "down for the test", null);
            }
            if (rejecting) {
                throw new IllegalStateException("rejected for good, e.g. a mapping conflict");
            }
            if (refusedBody != null) {
                List<SearchUpdate> refused = updates.stream().filter(u -> u instanceof SearchUpdate.IndexMessage i
                        && i.body().value().equals(refusedBody)).toList();
                delegate.apply(updates.stream().filter(u -> !refused.contains(u)).toList());
                if (!refused.isEmpty()) {
                    throw new RejectedUpdatesException(refused, "mapping conflict");
                }
                return;
            }
            delegate.apply(updates);
        }

        @Override
        public SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit,
                                 Optional<String> cursor) {
            return delegate.search(chat, query, order, limit, cursor);
        }
    }

    /** Records what the processor reports, as a metrics binding would see it. */
    private static final class RecordingObserver implements ProcessingObserver {
        final List<List<Command>> persisted = new ArrayList<>();
        final List<PendingIndexing> indexed = new ArrayList<>();
        final List<Long> reconciled = new ArrayList<>();

        @Override
        public void persisted(List<Command> batch, Duration took) {
            persisted.add(batch);
        }

        @Override
        public void indexed(List<PendingIndexing> updates) {
            indexed.addAll(updates);
        }

        final List<SearchUpdate> rejected = new ArrayList<>();

        @Override
        public void reconciled(long corrected) {
            reconciled.add(corrected);
        }

        @Override
        public void rejected(List<SearchUpdate> updates) {
            rejected.addAll(updates);
        }
    }

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final SwitchableSearch search = new SwitchableSearch();
    private final RecordingObserver observer = new RecordingObserver();
    private final RecordingFanOut fanOut = new RecordingFanOut();
    private final CommandProcessor processor = new CommandProcessor(store, search, fanOut, observer);
    private ChatRef chat;

    @BeforeEach
    void setUp() {
        Application application = application("app");
        store.createApplication(application);
        chat = chat(application.token(), 1);
    }

    private List<Command> batch() {
        return List.of(new CreateChatCommand(chat, now()),
                new CreateMessageCommand(message(chat, 1), new MessageBody("hello wonderful world"), now()));
    }

    private int hits(String q) {
        return search.search(chat, SearchQuery.parse(q), 10, Optional.empty()).hits().size();
    }

    /** A fan-out that keeps what was published, or refuses it as a broker that is down would. */
    private static final class RecordingFanOut implements ChangeFanOut {
        final List<ChangeSignal> published = new ArrayList<>();
        boolean down;

        @Override
        public void publish(List<ChangeSignal> signals) {
            if (down) {
                throw new DependencyUnavailableException("rabbitmq", "down for the test", null);
            }
            published.addAll(signals);
        }

        @Override
        public Subscription listen(ChangeListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void process_batch_announcesTheCommittedChanges() {
        processor.process(batch());

        assertEquals(List.of(new ChangeSignal.ChatCreated(chat.application(), chat.chat()),
                new ChangeSignal.ChatChanged(chat.application(), chat.chat(), 1)), fanOut.published);
    }

    @Test
    void process_sameBatchTwice_announcesOnce() {
        List<Command> batch = batch();
        processor.process(batch);
        processor.process(batch);

        assertEquals(2, fanOut.published.size(), fanOut.published.toString());
    }

    @Test
    void process_fanOutDown_stillCommitsTheBatch() {
        fanOut.down = true;

        processor.process(batch());

        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
        assertEquals(List.of(), fanOut.published);
    }

    @Test
    void process_batch_persistsAndIndexes() {
        processor.process(batch());
        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, hits("onder"));
        assertEquals(List.of(), store.pendingIndexing(10));
    }

    @Test
    void process_sameBatchTwice_changesNothing() {
        List<Command> batch = batch();
        processor.process(batch);
        processor.process(batch);
        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, hits("hello"));
    }

    @Test
    void process_searchDown_stillPersistsAndKeepsUpdatesPending() {
        search.down = true;
        processor.process(batch());
        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, store.pendingIndexing(10).size());
    }

    @Test
    void indexPending_afterSearchReturns_catchesUp() {
        search.down = true;
        processor.process(batch());
        search.down = false;
        assertEquals(1, processor.indexPending());
        assertEquals(1, hits("world"));
        assertEquals(List.of(), store.pendingIndexing(10));
    }

    @Test
    void process_batch_reportsItPersisted() {
        List<Command> batch = batch();
        processor.process(batch);
        assertEquals(List.of(batch), observer.persisted);
    }

    @Test
    void process_batch_reportsIndexedUpdatesWithTheirAcceptTime() {
        Instant accepted = now().minusSeconds(5);
        processor.process(List.of(new CreateChatCommand(chat, accepted),
                new CreateMessageCommand(message(chat, 1), new MessageBody("hello"), accepted)));
        assertEquals(List.of(accepted), observer.indexed.stream().map(PendingIndexing::acceptedAt).toList());
    }

    @Test
    void process_searchDown_reportsNothingIndexed() {
        search.down = true;
        processor.process(batch());
        assertEquals(List.of(), observer.indexed);
    }

    @Test
    void reconcileCounters_consistentCounts_reportsZeroCorrected() {
        processor.process(batch());
        assertEquals(0, processor.reconcileCounters());
        assertEquals(List.of(0L), observer.reconciled);
    }

    @Test
    void process_searchRejectsForGood_stillReturnsAndKeepsUpdatesPending() {
        search.rejecting = true;
        processor.process(batch());
        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, store.pendingIndexing(10).size());
    }

    @Test
    void process_whileAnotherBatchIsIndexing_leavesItsUpdatesToThatIndexerAndSendsEachUpdateOnce() throws Exception {
        CountDownLatch firstApplyStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstApply = new CountDownLatch(1);
        List<SearchUpdate> applied = java.util.Collections.synchronizedList(new ArrayList<>());
        MessageSearch blocking = new MessageSearch() {
            @Override
            public void apply(List<SearchUpdate> updates) {
                applied.addAll(updates);
                if (firstApplyStarted.getCount() > 0) {
                    firstApplyStarted.countDown();
                    try {
                        releaseFirstApply.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                search.apply(updates);
            }

            @Override
            public SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit,
                                 Optional<String> cursor) {
                return search.search(chat, query, order, limit, cursor);
            }
        };
        CommandProcessor shared = new CommandProcessor(store, blocking, new InMemoryChangeFanOut());
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> shared.process(batch()));
        assertTrue(firstApplyStarted.await(10, TimeUnit.SECONDS));

        shared.process(List.of(new CreateMessageCommand(message(chat, 2), new MessageBody("second wonderful note"), now())));
        assertEquals(0, hits("note"), "the second batch returns without indexing while the first one indexes");

        releaseFirstApply.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(1, hits("note"), "the indexer went round again for the second batch's update");
        assertEquals(2, applied.size(), "each update went to the index once: " + applied);
        assertFalse(store.pendingIndexing(10).iterator().hasNext());
    }

    @Test
    void process_indexRefusesOneUpdateForGood_givesItUpAndIndexesTheOthers() {
        search.refusedBody = "poison";
        processor.process(List.of(new CreateChatCommand(chat, now()),
                new CreateMessageCommand(message(chat, 1), new MessageBody("poison"), now()),
                new CreateMessageCommand(message(chat, 2), new MessageBody("wholesome"), now())));
        processor.process(List.of(new CreateMessageCommand(message(chat, 3), new MessageBody("later wholesome"), now())));
        assertEquals(2, hits("wholesome"));
        assertEquals(List.of(), store.pendingIndexing(10));
        assertEquals(1, observer.rejected.size());
    }
}

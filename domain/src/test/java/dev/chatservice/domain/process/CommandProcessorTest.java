package dev.chatservice.domain.process;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChat;
import dev.chatservice.domain.command.CreateMessage;
import dev.chatservice.domain.memory.InMemoryChatRepository;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor persists first, indexes second, and catches the index up after an outage. */
class CommandProcessorTest {

    /** A search that can be switched off, standing in for an index that is down. */
    private static final class SwitchableSearch implements MessageSearch {
        final InMemoryMessageSearch delegate = new InMemoryMessageSearch();
        boolean down;

        @Override
        public void apply(List<SearchUpdate> updates) {
            if (down) {
                throw new DependencyUnavailableException("search", "down for the test", null);
            }
            delegate.apply(updates);
        }

        @Override
        public SearchPage search(ChatRef chat, SearchQuery query, int limit, Optional<String> cursor) {
            return delegate.search(chat, query, limit, cursor);
        }
    }

    private final InMemoryChatRepository repository = new InMemoryChatRepository();
    private final SwitchableSearch search = new SwitchableSearch();
    private final CommandProcessor processor = new CommandProcessor(repository, search);
    private ChatRef chat;

    @BeforeEach
    void setUp() {
        Application application = application("app");
        repository.createApplication(application);
        chat = chat(application.token(), 1);
    }

    private List<Command> batch() {
        return List.of(new CreateChat(chat, now()),
                new CreateMessage(message(chat, 1), new MessageBody("hello wonderful world"), now()));
    }

    private int hits(String q) {
        return search.search(chat, SearchQuery.parse(q), 10, Optional.empty()).hits().size();
    }

    @Test
    void process_batch_persistsAndIndexes() {
        processor.process(batch());
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, hits("onder"));
        assertEquals(List.of(), repository.pendingIndexing(10));
    }

    @Test
    void process_sameBatchTwice_changesNothing() {
        List<Command> batch = batch();
        processor.process(batch);
        processor.process(batch);
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, hits("hello"));
    }

    @Test
    void process_searchDown_stillPersistsAndKeepsUpdatesPending() {
        search.down = true;
        processor.process(batch());
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
        assertEquals(1, repository.pendingIndexing(10).size());
    }

    @Test
    void indexPending_afterSearchReturns_catchesUp() {
        search.down = true;
        processor.process(batch());
        search.down = false;
        assertEquals(1, processor.indexPending());
        assertEquals(1, hits("world"));
        assertEquals(List.of(), repository.pendingIndexing(10));
    }
}

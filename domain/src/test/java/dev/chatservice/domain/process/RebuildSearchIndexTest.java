package dev.chatservice.domain.process;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rebuilding the index from the ledger restores every live message and only those. */
class RebuildSearchIndexTest {

    @Test
    void rebuild_emptyIndex_indexesEveryLiveMessage() {
        InMemoryChatStore store = new InMemoryChatStore();
        Application application = application("app");
        store.createApplication(application);
        ChatRef chat = chat(application.token(), 1);
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        for (int i = 1; i <= 2500; i++) {
            batch.add(new CreateMessageCommand(message(chat, i), new MessageBody("note " + i), now()));
        }
        batch.add(new DeleteMessageCommand(message(chat, 7), now()));
        store.apply(batch);
        InMemoryMessageSearch freshIndex = new InMemoryMessageSearch();
        List<Long> progress = new ArrayList<>();

        long indexed = new RebuildSearchIndex(store, freshIndex).rebuild(progress::add);

        assertEquals(2499, indexed);
        assertEquals(List.of(1000L, 2000L, 2499L), progress);
        assertEquals(0, freshIndex.search(chat, SearchQuery.parse("7"), 10, Optional.empty()).hits().stream()
                .filter(hit -> hit.number().value() == 7).count());
        assertEquals(1, freshIndex.search(chat, SearchQuery.parse("2500"), 10, Optional.empty()).hits().size());
    }
}

package dev.chatservice.domain.memory;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deleted message, or every message of a deleted chat, stays as a tombstone that holds no body. */
class InMemoryTombstoneTest {
    private final InMemoryChatStore store = new InMemoryChatStore();
    private final Application owner = application("tombstones");
    private final ChatRef first = chat(owner.token(), 1);
    private final ChatRef second = chat(owner.token(), 2);

    @Test
    void apply_deleteMessageAndDeleteChat_erasesTheirBodies() {
        store.createApplication(owner);
        Instant at = now();
        store.apply(List.of(new CreateChatCommand(first, at), new CreateChatCommand(second, at),
                new CreateMessageCommand(message(first, 1), new MessageBody("kept"), at),
                new CreateMessageCommand(message(first, 2), new MessageBody("secret one"), at),
                new CreateMessageCommand(message(second, 1), new MessageBody("secret two"), at)));
        store.apply(List.of(new DeleteMessageCommand(message(first, 2), at), new DeleteChatCommand(second, at)));
        assertEquals(List.of("kept"), store.storedBodies());
    }

    @Test
    void apply_lateCreateAfterErasedDelete_staysDeleted() {
        store.createApplication(owner);
        Instant at = now();
        CreateMessageCommand create = new CreateMessageCommand(message(first, 1), new MessageBody("secret"), at);
        store.apply(List.of(new CreateChatCommand(first, at), create));
        store.apply(List.of(new DeleteMessageCommand(message(first, 1), at)));
        store.apply(List.of(create));
        assertTrue(store.findMessage(message(first, 1)).isEmpty());
        assertEquals(List.of(), store.storedBodies());
    }
}

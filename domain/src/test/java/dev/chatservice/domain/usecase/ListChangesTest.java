package dev.chatservice.domain.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.Allocation;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change feed's reads: existence as on every other read, and since kept in range. */
class ListChangesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberAllocator allocator = new InMemoryNumberAllocator();
    private final ListChanges listChanges = new ListChanges(store, store, store, allocator);
    private ApplicationToken token;
    private ChatRef chat;

    @BeforeEach
    void setUp() {
        token = ApplicationToken.generate(new SecureRandom());
        store.createApplication(new Application(token, new ApplicationName("app"), 0, NOW, NOW));
        allocator.registerApplication(token);
        chat = new ChatRef(token, ((Allocation.Granted<ChatNumber>) allocator.allocateChat(token, Optional.empty(),
                NOW)).number());
    }

    @Test
    void list_persistedChanges_returnsThemAfterSince() {
        store.apply(List.of(new CreateChatCommand(chat, NOW), create(1), create(2)));
        assertEquals(List.of(2L), listChanges.list(chat, 1, 10).stream().map(ChatChange::seq).toList());
    }

    @Test
    void list_chatAcceptedNotPersisted_isEmpty() {
        assertEquals(List.of(), listChanges.list(chat, 0, 10));
    }

    @Test
    void list_sincePastLatestChange_throwsInvalidSince() {
        store.apply(List.of(new CreateChatCommand(chat, NOW), create(1)));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> listChanges.list(chat, 2, 10));
        assertEquals(InvalidValueException.Field.FEED_SINCE, e.field());
    }

    @Test
    void list_negativeSince_throwsInvalidSince() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> listChanges.list(chat, -1, 10));
        assertEquals(InvalidValueException.Field.FEED_SINCE, e.field());
    }

    @Test
    void list_unknownChat_throwsChatNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> listChanges.list(new ChatRef(token, new ChatNumber(99)), 0, 10));
        assertEquals(NotFoundException.Resource.CHAT, e.resource());
    }

    @Test
    void list_deletedChat_answersTheDeletionThenNotFound() {
        store.apply(List.of(new CreateChatCommand(chat, NOW), create(1), new DeleteChatCommand(chat, NOW)));
        allocator.forgetChat(chat);
        assertEquals(List.of(ChatChange.Kind.CHAT_DELETED),
                listChanges.list(chat, 1, 10).stream().map(ChatChange::kind).toList());
        assertThrows(NotFoundException.class, () -> listChanges.list(chat, 2, 10));
    }

    private CreateMessageCommand create(int number) {
        return new CreateMessageCommand(new MessageRef(chat, new MessageNumber(number)), new MessageBody("m" + number),
                NOW);
    }
}

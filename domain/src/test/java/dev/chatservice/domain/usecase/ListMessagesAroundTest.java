package dev.chatservice.domain.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code around}: centred on a message by count, whether or not that message is live. */
class ListMessagesAroundTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final ListMessages listMessages = new ListMessages(store, store, new InMemoryNumberAllocator());
    private ChatRef chat;

    @BeforeEach
    void setUp() {
        ApplicationToken token = ApplicationToken.generate(new SecureRandom());
        store.createApplication(new Application(token, new ApplicationName("app"), 0, NOW, NOW));
        chat = new ChatRef(token, new ChatNumber(1));
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, NOW));
        IntStream.rangeClosed(1, 20).forEach(n -> batch.add(new CreateMessageCommand(
                new MessageRef(chat, new MessageNumber(n)), new MessageBody("m" + n), NOW)));
        batch.add(new DeleteMessageCommand(new MessageRef(chat, new MessageNumber(10)), NOW));
        store.apply(batch);
    }

    @Test
    void around_liveMessage_takesFloorOfLimitMinusOneBelowItselfAndTheRestAbove() {
        assertEquals(List.of(3, 4, 5, 6, 7, 8), numbers(listMessages.around(chat, new MessageNumber(5), 6)));
    }

    @Test
    void around_deletedMessage_leavesItsPlaceEmpty() {
        assertEquals(List.of(8, 9, 11, 12), numbers(listMessages.around(chat, new MessageNumber(10), 5)));
    }

    @Test
    void around_nearTheStart_returnsWhatThereIsBelow() {
        assertEquals(List.of(1, 2, 3, 4), numbers(listMessages.around(chat, new MessageNumber(2), 5)));
    }

    @Test
    void around_limitOne_returnsOnlyTheMessage() {
        assertEquals(List.of(7), numbers(listMessages.around(chat, new MessageNumber(7), 1)));
    }

    @Test
    void around_unknownChat_throwsNotFound() {
        ChatRef unknown = new ChatRef(chat.application(), new ChatNumber(9));
        assertThrows(NotFoundException.class, () -> listMessages.around(unknown, new MessageNumber(1), 5));
    }

    private static List<Integer> numbers(List<Message> messages) {
        return messages.stream().map(m -> m.number().value()).toList();
    }
}

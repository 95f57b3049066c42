package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ChatHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The promises every {@link ChatHistory} keeps; each implementation's test extends this class. */
public abstract class AbstractChatHistoryTest extends StoreContract {

    @Test
    void listChats_overSeveralPages_returnsAllInOrderOnce() {
        List<Command> batch = new ArrayList<>();
        IntStream.rangeClosed(1, 7).forEach(n -> batch.add(new CreateChatCommand(chat(application.token(), n), now())));
        batch.add(new DeleteChatCommand(chat(application.token(), 4), now()));
        ledger.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<Chat> page = history.listChats(application.token(), request);
            page.items().forEach(c -> seen.add(c.number().value()));
            if (page.nextFrom().isEmpty()) {
                break;
            }
            request = new PageRequest(page.nextFrom().get(), 2);
        }
        assertEquals(List.of(1, 2, 3, 5, 6, 7), seen);
    }

    @Test
    void listChats_goingDownOverSeveralPages_returnsAllNewestFirstOnce() {
        List<Command> batch = new ArrayList<>();
        IntStream.rangeClosed(1, 7).forEach(n -> batch.add(new CreateChatCommand(chat(application.token(), n), now())));
        batch.add(new DeleteChatCommand(chat(application.token(), 6), now()));
        ledger.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.last(2);
        while (true) {
            Page<Chat> page = history.listChats(application.token(), request);
            page.items().forEach(c -> seen.add(c.number().value()));
            if (page.nextFrom().isEmpty()) {
                break;
            }
            request = request.next(page.nextFrom().get());
        }
        assertEquals(List.of(7, 5, 4, 3, 2, 1), seen);
    }

    @Test
    void listMessages_goingDownOverSeveralPages_returnsLiveOnesNewestFirstOnce() {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        IntStream.rangeClosed(1, 9).forEach(n -> batch.add(create(message(chat, n), "m" + n, now())));
        batch.add(new DeleteMessageCommand(message(chat, 5), now()));
        ledger.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.last(3);
        while (true) {
            Page<Message> page = history.listMessages(chat, request);
            page.items().forEach(m -> seen.add(m.number().value()));
            if (page.nextFrom().isEmpty()) {
                break;
            }
            request = request.next(page.nextFrom().get());
        }
        assertEquals(List.of(9, 8, 7, 6, 4, 3, 2, 1), seen);
    }

    @Test
    void listMessages_before_returnsTheClosestBelowNearestFirst() {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        IntStream.rangeClosed(1, 9).forEach(n -> batch.add(create(message(chat, n), "m" + n, now())));
        ledger.apply(batch);
        Page<Message> page = history.listMessages(chat, PageRequest.before(6, 3));
        assertEquals(List.of(5, 4, 3), page.items().stream().map(m -> m.number().value()).toList());
        assertEquals(java.util.Optional.of(3), page.nextFrom());
    }

    @Test
    void listMessages_overSeveralPages_returnsLiveOnesInOrderOnce() {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        IntStream.rangeClosed(1, 9).forEach(n -> batch.add(create(message(chat, n), "m" + n, now())));
        batch.add(new DeleteMessageCommand(message(chat, 5), now()));
        ledger.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        while (true) {
            Page<Message> page = history.listMessages(chat, request);
            page.items().forEach(m -> seen.add(m.number().value()));
            if (page.nextFrom().isEmpty()) {
                break;
            }
            request = new PageRequest(page.nextFrom().get(), 3);
        }
        assertEquals(List.of(1, 2, 3, 4, 6, 7, 8, 9), seen);
    }

    @Test
    void listMessages_exactlyOnePageFull_hasNoNextPage() {
        persistedMessage(1, "a");
        ledger.apply(List.of(create(message(chat, 2), "b", now())));
        assertTrue(history.listMessages(chat, PageRequest.first(2)).nextFrom().isEmpty());
    }
}

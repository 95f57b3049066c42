package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The promises every {@link ChatLedger} keeps; each implementation's test extends this class. */
public abstract class AbstractChatLedgerTest extends StoreContract {

    @Test
    void apply_createChat_persistsChatAndCountsIt() {
        Instant at = now();
        ledger.apply(List.of(new CreateChatCommand(chat, at)));
        assertEquals(Optional.of(new Chat(chat.chat(), 0, at, at)), history.findChat(chat));
        assertEquals(1, applications.findApplication(application.token()).orElseThrow().chatsCount());
    }

    @Test
    void apply_messageWithSender_keepsItThroughUpdatesInHistoryAndOutbox() {
        Optional<Sender> sender = Optional.of(new Sender("user-42"));
        Instant at = now();
        ledger.apply(List.of(new CreateChatCommand(chat, at),
                new CreateMessageCommand(message(chat, 1), sender, new MessageBody("one"), at),
                new UpdateMessageCommand(UUID.randomUUID(), message(chat, 1), new MessageBody("uno"), at)));
        assertEquals(sender, history.findMessage(message(chat, 1)).orElseThrow().sender());
        assertEquals(List.of(sender, sender), outboxUpdates().stream()
                .map(update -> ((SearchUpdate.IndexMessage) update).sender()).toList());
    }

    @Test
    void apply_sameBatchTwice_changesNothing() {
        Instant at = now();
        List<Command> batch = List.of(new CreateChatCommand(chat, at), create(message(chat, 1), "one", at),
                create(message(chat, 2), "two", at), new UpdateMessageCommand(UUID.randomUUID(), message(chat, 1), new MessageBody("uno"), at),
                new DeleteMessageCommand(message(chat, 2), at));
        ledger.apply(batch);
        Chat chatBefore = history.findChat(chat).orElseThrow();
        List<Message> messagesBefore = history.listMessages(chat, PageRequest.first(10)).items();
        drainOutbox();
        ledger.apply(batch);
        assertEquals(chatBefore, history.findChat(chat).orElseThrow());
        assertEquals(messagesBefore, history.listMessages(chat, PageRequest.first(10)).items());
        assertEquals(1, applications.findApplication(application.token()).orElseThrow().chatsCount());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_createMessage_persistsItAndCountsIt() {
        Instant at = now();
        MessageRef ref = persistedMessage(1, "hello");
        Message stored = history.findMessage(ref).orElseThrow();
        assertEquals("hello", stored.body().value());
        assertEquals(chat.chat(), stored.chatNumber());
        assertEquals(1, history.findChat(chat).orElseThrow().messagesCount());
        assertFalse(stored.createdAt().isBefore(at));
    }

    @Test
    void apply_createMessage_recordsIndexUpdate() {
        MessageRef ref = persistedMessage(1, "hello");
        assertEquals(List.of(new SearchUpdate.IndexMessage(ref, new MessageBody("hello"), 1)), outboxUpdates());
    }

    @Test
    void apply_createMessageWithoutChat_createsChatToo() {
        MessageRef ref = message(chat, 1);
        ledger.apply(List.of(create(ref, "early", now())));
        assertEquals(1, history.findChat(chat).orElseThrow().messagesCount());
        assertEquals("early", history.findMessage(ref).orElseThrow().body().value());
    }

    @Test
    void apply_commandForUnknownApplication_isIgnored() {
        ChatRef orphan = chat(token(), 1);
        ledger.apply(List.of(new CreateChatCommand(orphan, now()), create(message(orphan, 1), "x", now())));
        assertTrue(history.findChat(orphan).isEmpty());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_updateMessage_replacesBodyAndBumpsVersion() {
        MessageRef ref = persistedMessage(1, "before");
        drainOutbox();
        Instant later = now().plusSeconds(1);
        ledger.apply(List.of(new UpdateMessageCommand(UUID.randomUUID(), ref, new MessageBody("after"), later)));
        Message updated = history.findMessage(ref).orElseThrow();
        assertEquals("after", updated.body().value());
        assertEquals(later, updated.updatedAt());
        assertEquals(List.of(new SearchUpdate.IndexMessage(ref, new MessageBody("after"), 2)), outboxUpdates());
    }

    @Test
    void apply_updateUnknownMessage_isIgnored() {
        persistedMessage(1, "x");
        drainOutbox();
        ledger.apply(List.of(new UpdateMessageCommand(UUID.randomUUID(), message(chat, 9), new MessageBody("y"), now())));
        assertTrue(history.findMessage(message(chat, 9)).isEmpty());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_deleteMessage_hidesItAndUncountsIt() {
        MessageRef ref = persistedMessage(1, "bye");
        drainOutbox();
        ledger.apply(List.of(new DeleteMessageCommand(ref, now())));
        assertTrue(history.findMessage(ref).isEmpty());
        assertEquals(0, history.findChat(chat).orElseThrow().messagesCount());
        assertEquals(List.of(new SearchUpdate.RemoveMessage(ref, 2)), outboxUpdates());
    }

    @Test
    void apply_createAfterDelete_doesNotReviveMessage() {
        MessageRef ref = persistedMessage(1, "bye");
        ledger.apply(List.of(new DeleteMessageCommand(ref, now())));
        ledger.apply(List.of(create(ref, "bye", now())));
        assertTrue(history.findMessage(ref).isEmpty());
        assertEquals(0, history.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void apply_createUpdateDeleteInOneBatch_endsDeleted() {
        MessageRef ref = message(chat, 1);
        ledger.apply(List.of(new CreateChatCommand(chat, now()), create(ref, "a", now()),
                new UpdateMessageCommand(UUID.randomUUID(), ref, new MessageBody("b"), now()), new DeleteMessageCommand(ref, now())));
        assertTrue(history.findMessage(ref).isEmpty());
        assertEquals(0, history.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void apply_deleteChat_hidesChatAndMessagesAndUncountsIt() {
        MessageRef ref = persistedMessage(1, "x");
        drainOutbox();
        ledger.apply(List.of(new DeleteChatCommand(chat, now())));
        assertTrue(history.findChat(chat).isEmpty());
        assertTrue(history.findMessage(ref).isEmpty());
        assertEquals(List.of(), history.listMessages(chat, PageRequest.first(10)).items());
        assertEquals(0, applications.findApplication(application.token()).orElseThrow().chatsCount());
        assertEquals(List.of(new SearchUpdate.RemoveChat(chat)), outboxUpdates());
    }

    @Test
    void apply_createAfterDeleteChat_doesNotReviveChat() {
        persistedMessage(1, "x");
        ledger.apply(List.of(new DeleteChatCommand(chat, now())));
        ledger.apply(List.of(new CreateChatCommand(chat, now()), create(message(chat, 2), "y", now())));
        assertTrue(history.findChat(chat).isEmpty());
        assertEquals(0, applications.findApplication(application.token()).orElseThrow().chatsCount());
    }

    @Test
    void completeIndexing_done_removesOnlyThose() {
        persistedMessage(1, "a");
        ledger.apply(List.of(create(message(chat, 2), "b", now())));
        List<PendingIndexing> pending = ledger.pendingIndexing(10);
        assertEquals(2, pending.size());
        ledger.completeIndexing(pending.subList(0, 1));
        assertEquals(List.of(pending.get(1)), ledger.pendingIndexing(10));
    }

    @Test
    void pendingIndexing_afterApply_carriesAcceptTimeOfItsCommand() {
        Instant accepted = now().minusSeconds(30);
        ledger.apply(List.of(new CreateChatCommand(chat, accepted), create(message(chat, 1), "a", accepted)));
        assertEquals(List.of(accepted),
                ledger.pendingIndexing(10).stream().map(PendingIndexing::acceptedAt).toList());
    }

    @Test
    void reconcileCounters_consistentCounts_correctsNothing() {
        persistedMessage(1, "a");
        ledger.reconcileCounters();
        assertEquals(0, ledger.reconcileCounters());
        assertEquals(1, history.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void liveMessages_fromStart_listsLiveOnesWithVersionsAndResumes() {
        persistedMessage(1, "a");
        ledger.apply(List.of(create(message(chat, 2), "b", now()), create(message(chat, 3), "c", now()),
                new UpdateMessageCommand(UUID.randomUUID(), message(chat, 1), new MessageBody("a2"), now()),
                new DeleteMessageCommand(message(chat, 2), now())));
        List<SearchUpdate.IndexMessage> mine = new ArrayList<>();
        long after = 0;
        List<IndexableMessage> page;
        while (!(page = ledger.liveMessages(after, 2)).isEmpty()) {
            page.stream().map(IndexableMessage::update)
                    .filter(u -> u.message().chat().equals(chat)).forEach(mine::add);
            after = page.get(page.size() - 1).position();
        }
        assertEquals(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("a2"), 2),
                new SearchUpdate.IndexMessage(message(chat, 3), new MessageBody("c"), 1)), mine);
    }
}

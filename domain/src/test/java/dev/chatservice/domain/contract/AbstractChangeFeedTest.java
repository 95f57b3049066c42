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
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatChange.Kind;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChangeSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The promises every {@link ChangeFeed} keeps, with the signals {@code ChatLedger.apply} returns for it; each
 * implementation's test extends this class.
 */
public abstract class AbstractChangeFeedTest extends StoreContract {

    @Test
    void changesSince_newChat_isEmptyAtSeqZero() {
        ledger.apply(List.of(new CreateChatCommand(chat, now())));
        assertEquals(List.of(), feed.changesSince(chat, 0, 10));
        assertEquals(0, feed.latestSeq(chat));
    }

    @Test
    void changesSince_unknownChat_isEmpty() {
        ChatRef unknown = chat(application.token(), 99);
        assertEquals(List.of(), feed.changesSince(unknown, 0, 10));
        assertEquals(0, feed.latestSeq(unknown));
    }

    @Test
    void changesSince_createdMessages_comeInSeqOrderWithTheirContent() {
        Instant at = now();
        ledger.apply(List.of(new CreateChatCommand(chat, at), create(message(chat, 1), "one", at),
                create(message(chat, 2), "two", at)));
        List<ChatChange> changes = feed.changesSince(chat, 0, 10);
        assertEquals(List.of(1L, 2L), seqs(changes));
        assertEquals(List.of(Kind.MESSAGE_CREATED, Kind.MESSAGE_CREATED), kinds(changes));
        assertEquals("two", changes.get(1).message().orElseThrow().body().value());
        assertEquals(at, changes.get(1).at());
        assertEquals(2, feed.latestSeq(chat));
    }

    @Test
    void changesSince_messageChangedTwice_appearsOnceAtItsLatestSeq() {
        Instant at = now();
        ledger.apply(List.of(new CreateChatCommand(chat, at), create(message(chat, 1), "one", at),
                create(message(chat, 2), "two", at)));
        ledger.apply(List.of(update(1, "uno"), update(1, "eins")));
        List<ChatChange> changes = feed.changesSince(chat, 0, 10);
        assertEquals(List.of(2L, 4L), seqs(changes));
        assertEquals(Kind.MESSAGE_UPDATED, changes.get(1).kind());
        assertEquals("eins", changes.get(1).message().orElseThrow().body().value());
        assertEquals(List.of(4L), seqs(feed.changesSince(chat, 2, 10)));
    }

    @Test
    void changesSince_deletedMessage_isADeletionWithoutBody() {
        persistedMessage(1, "secret");
        Instant deletedAt = now();
        ledger.apply(List.of(new DeleteMessageCommand(message(chat, 1), deletedAt)));
        List<ChatChange> changes = feed.changesSince(chat, 0, 10);
        assertEquals(1, changes.size());
        ChatChange deletion = changes.get(0);
        assertEquals(Kind.MESSAGE_DELETED, deletion.kind());
        assertEquals(2, deletion.seq());
        assertEquals(1, deletion.number().orElseThrow().value());
        assertTrue(deletion.message().isEmpty());
        assertEquals(deletedAt, deletion.at());
    }

    @Test
    void changesSince_deletedChat_isOneChatDeletionAfterEverything() {
        persistedMessage(1, "a");
        Instant deletedAt = now();
        ledger.apply(List.of(new DeleteChatCommand(chat, deletedAt)));
        List<ChatChange> changes = feed.changesSince(chat, 0, 10);
        assertEquals(List.of(Kind.CHAT_DELETED), kinds(changes));
        assertEquals(2, changes.get(0).seq());
        assertEquals(deletedAt, changes.get(0).at());
        assertEquals(List.of(), feed.changesSince(chat, 2, 10));
        assertEquals(2, feed.latestSeq(chat));
    }

    @Test
    void changesSince_overSeveralPages_returnsEveryChangeOnceInOrder() {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        IntStream.rangeClosed(1, 7).forEach(n -> batch.add(create(message(chat, n), "m" + n, now())));
        ledger.apply(batch);
        List<Long> seen = new ArrayList<>();
        long since = 0;
        while (true) {
            List<ChatChange> page = feed.changesSince(chat, since, 3);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(seqs(page));
            since = page.get(page.size() - 1).seq();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seen);
    }

    @Test
    void changesSince_seqsArePerChat() {
        ChatRef other = chat(application.token(), 2);
        ledger.apply(List.of(new CreateChatCommand(chat, now()), new CreateChatCommand(other, now()),
                create(message(chat, 1), "a", now()), create(message(other, 1), "b", now())));
        assertEquals(1, feed.latestSeq(chat));
        assertEquals(1, feed.latestSeq(other));
        assertEquals("b", feed.changesSince(other, 0, 10).get(0).message().orElseThrow().body().value());
    }

    @Test
    void apply_newChatWithMessages_signalsCreationThenLatestSeq() {
        List<ChangeSignal> signals = ledger.apply(List.of(new CreateChatCommand(chat, now()),
                create(message(chat, 1), "a", now()), create(message(chat, 2), "b", now())));
        assertEquals(List.of(new ChangeSignal.ChatCreated(application.token(), chat.chat()),
                new ChangeSignal.ChatChanged(application.token(), chat.chat(), 2)), signals);
    }

    @Test
    void apply_sameBatchTwice_signalsNothingTheSecondTime() {
        List<Command> batch = List.of(new CreateChatCommand(chat, now()), create(message(chat, 1), "a", now()),
                update(1, "b"), new DeleteMessageCommand(message(chat, 1), now()));
        assertEquals(2, ledger.apply(batch).size());
        assertEquals(List.of(), ledger.apply(batch));
        assertEquals(3, feed.latestSeq(chat));
    }

    @Test
    void apply_chatDeletion_signalsItsSeq() {
        persistedMessage(1, "a");
        assertEquals(List.of(new ChangeSignal.ChatChanged(application.token(), chat.chat(), 2)),
                ledger.apply(List.of(new DeleteChatCommand(chat, now()))));
    }

    private UpdateMessageCommand update(int number, String body) {
        return new UpdateMessageCommand(UUID.randomUUID(), message(chat, number), new MessageBody(body), now());
    }

    private static List<Long> seqs(List<ChatChange> changes) {
        return changes.stream().map(ChatChange::seq).toList();
    }

    private static List<Kind> kinds(List<ChatChange> changes) {
        return changes.stream().map(ChatChange::kind).toList();
    }
}

package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.application;
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
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ChatRepository;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises every {@link ChatRepository} keeps; each implementation's test extends this class. */
public abstract class AbstractChatRepositoryTest {

    protected ChatRepository repository;
    private Application application;
    private ChatRef chat;

    /** A repository whose outbox is empty; it may hold other tests' applications. */
    protected abstract ChatRepository newRepository() throws Exception;

    @BeforeEach
    void setUpRepository() throws Exception {
        repository = newRepository();
        application = application("app");
        repository.createApplication(application);
        chat = chat(application.token(), 1);
        drainOutbox();
    }

    private void drainOutbox() {
        List<PendingIndexing> pending;
        while (!(pending = repository.pendingIndexing(1000)).isEmpty()) {
            repository.completeIndexing(pending);
        }
    }

    private static CreateMessageCommand create(MessageRef ref, String body, Instant at) {
        return new CreateMessageCommand(ref, new MessageBody(body), at);
    }

    private MessageRef persistedMessage(int number, String body) {
        MessageRef ref = message(chat, number);
        repository.apply(List.of(new CreateChatCommand(chat, now()), create(ref, body, now())));
        return ref;
    }

    private List<SearchUpdate> outboxUpdates() {
        return repository.pendingIndexing(1000).stream().map(PendingIndexing::update).toList();
    }

    @Test
    void findApplication_created_returnsIt() {
        assertEquals(Optional.of(application), repository.findApplication(application.token()));
    }

    @Test
    void findApplication_unknownToken_isEmpty() {
        assertTrue(repository.findApplication(token()).isEmpty());
    }

    @Test
    void renameApplication_existing_changesNameAndUpdatedAt() {
        Instant later = application.updatedAt().plusSeconds(10);
        Application renamed = repository.renameApplication(application.token(), new ApplicationName("new"), later)
                .orElseThrow();
        assertEquals("new", renamed.name().value());
        assertEquals(later, renamed.updatedAt());
        assertEquals(Optional.of(renamed), repository.findApplication(application.token()));
    }

    @Test
    void renameApplication_unknownToken_isEmpty() {
        assertTrue(repository.renameApplication(token(), new ApplicationName("x"), now()).isEmpty());
    }

    @Test
    void deleteApplication_existing_removesItWithChatsAndMessages() {
        persistedMessage(1, "hello");
        assertTrue(repository.deleteApplication(application.token()));
        assertTrue(repository.findApplication(application.token()).isEmpty());
        assertTrue(repository.findChat(chat).isEmpty());
        assertTrue(repository.findMessage(message(chat, 1)).isEmpty());
    }

    @Test
    void deleteApplication_existing_recordsSearchRemoval() {
        drainOutbox();
        repository.deleteApplication(application.token());
        assertEquals(List.of(new SearchUpdate.RemoveApplication(application.token())), outboxUpdates());
    }

    @Test
    void deleteApplication_unknownToken_returnsFalse() {
        assertFalse(repository.deleteApplication(token()));
    }

    @Test
    void listApplications_afterToken_continuesInTokenOrder() {
        for (int i = 0; i < 3; i++) {
            repository.createApplication(application("more" + i));
        }
        List<Application> all = new ArrayList<>();
        Optional<ApplicationToken> after = Optional.empty();
        List<Application> page;
        while (!(page = repository.listApplications(after, 2)).isEmpty()) {
            all.addAll(page);
            after = Optional.of(page.get(page.size() - 1).token());
        }
        List<String> tokens = all.stream().map(a -> a.token().value()).toList();
        assertEquals(tokens.stream().sorted().toList(), tokens);
        assertTrue(tokens.contains(application.token().value()));
    }

    @Test
    void apply_createChat_persistsChatAndCountsIt() {
        Instant at = now();
        repository.apply(List.of(new CreateChatCommand(chat, at)));
        assertEquals(Optional.of(new Chat(chat.chat(), 0, at, at)), repository.findChat(chat));
        assertEquals(1, repository.findApplication(application.token()).orElseThrow().chatsCount());
    }

    @Test
    void apply_sameBatchTwice_changesNothing() {
        Instant at = now();
        List<Command> batch = List.of(new CreateChatCommand(chat, at), create(message(chat, 1), "one", at),
                create(message(chat, 2), "two", at), new UpdateMessageCommand(UUID.randomUUID(), message(chat, 1), new MessageBody("uno"), at),
                new DeleteMessageCommand(message(chat, 2), at));
        repository.apply(batch);
        Chat chatBefore = repository.findChat(chat).orElseThrow();
        List<Message> messagesBefore = repository.listMessages(chat, PageRequest.first(10)).items();
        drainOutbox();
        repository.apply(batch);
        assertEquals(chatBefore, repository.findChat(chat).orElseThrow());
        assertEquals(messagesBefore, repository.listMessages(chat, PageRequest.first(10)).items());
        assertEquals(1, repository.findApplication(application.token()).orElseThrow().chatsCount());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_createMessage_persistsItAndCountsIt() {
        Instant at = now();
        MessageRef ref = persistedMessage(1, "hello");
        Message stored = repository.findMessage(ref).orElseThrow();
        assertEquals("hello", stored.body().value());
        assertEquals(chat.chat(), stored.chatNumber());
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
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
        repository.apply(List.of(create(ref, "early", now())));
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
        assertEquals("early", repository.findMessage(ref).orElseThrow().body().value());
    }

    @Test
    void apply_commandForUnknownApplication_isIgnored() {
        ChatRef orphan = chat(token(), 1);
        repository.apply(List.of(new CreateChatCommand(orphan, now()), create(message(orphan, 1), "x", now())));
        assertTrue(repository.findChat(orphan).isEmpty());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_updateMessage_replacesBodyAndBumpsVersion() {
        MessageRef ref = persistedMessage(1, "before");
        drainOutbox();
        Instant later = now().plusSeconds(1);
        repository.apply(List.of(new UpdateMessageCommand(UUID.randomUUID(), ref, new MessageBody("after"), later)));
        Message updated = repository.findMessage(ref).orElseThrow();
        assertEquals("after", updated.body().value());
        assertEquals(later, updated.updatedAt());
        assertEquals(List.of(new SearchUpdate.IndexMessage(ref, new MessageBody("after"), 2)), outboxUpdates());
    }

    @Test
    void apply_updateUnknownMessage_isIgnored() {
        persistedMessage(1, "x");
        drainOutbox();
        repository.apply(List.of(new UpdateMessageCommand(UUID.randomUUID(), message(chat, 9), new MessageBody("y"), now())));
        assertTrue(repository.findMessage(message(chat, 9)).isEmpty());
        assertEquals(List.of(), outboxUpdates());
    }

    @Test
    void apply_deleteMessage_hidesItAndUncountsIt() {
        MessageRef ref = persistedMessage(1, "bye");
        drainOutbox();
        repository.apply(List.of(new DeleteMessageCommand(ref, now())));
        assertTrue(repository.findMessage(ref).isEmpty());
        assertEquals(0, repository.findChat(chat).orElseThrow().messagesCount());
        assertEquals(List.of(new SearchUpdate.RemoveMessage(ref, 2)), outboxUpdates());
    }

    @Test
    void apply_createAfterDelete_doesNotReviveMessage() {
        MessageRef ref = persistedMessage(1, "bye");
        repository.apply(List.of(new DeleteMessageCommand(ref, now())));
        repository.apply(List.of(create(ref, "bye", now())));
        assertTrue(repository.findMessage(ref).isEmpty());
        assertEquals(0, repository.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void apply_createUpdateDeleteInOneBatch_endsDeleted() {
        MessageRef ref = message(chat, 1);
        repository.apply(List.of(new CreateChatCommand(chat, now()), create(ref, "a", now()),
                new UpdateMessageCommand(UUID.randomUUID(), ref, new MessageBody("b"), now()), new DeleteMessageCommand(ref, now())));
        assertTrue(repository.findMessage(ref).isEmpty());
        assertEquals(0, repository.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void apply_deleteChat_hidesChatAndMessagesAndUncountsIt() {
        MessageRef ref = persistedMessage(1, "x");
        drainOutbox();
        repository.apply(List.of(new DeleteChatCommand(chat, now())));
        assertTrue(repository.findChat(chat).isEmpty());
        assertTrue(repository.findMessage(ref).isEmpty());
        assertEquals(List.of(), repository.listMessages(chat, PageRequest.first(10)).items());
        assertEquals(0, repository.findApplication(application.token()).orElseThrow().chatsCount());
        assertEquals(List.of(new SearchUpdate.RemoveChat(chat)), outboxUpdates());
    }

    @Test
    void apply_createAfterDeleteChat_doesNotReviveChat() {
        persistedMessage(1, "x");
        repository.apply(List.of(new DeleteChatCommand(chat, now())));
        repository.apply(List.of(new CreateChatCommand(chat, now()), create(message(chat, 2), "y", now())));
        assertTrue(repository.findChat(chat).isEmpty());
        assertEquals(0, repository.findApplication(application.token()).orElseThrow().chatsCount());
    }

    @Test
    void listChats_overSeveralPages_returnsAllInOrderOnce() {
        List<Command> batch = new ArrayList<>();
        IntStream.rangeClosed(1, 7).forEach(n -> batch.add(new CreateChatCommand(chat(application.token(), n), now())));
        batch.add(new DeleteChatCommand(chat(application.token(), 4), now()));
        repository.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<Chat> page = repository.listChats(application.token(), request);
            page.items().forEach(c -> seen.add(c.number().value()));
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = new PageRequest(page.nextAfter().get(), 2);
        }
        assertEquals(List.of(1, 2, 3, 5, 6, 7), seen);
    }

    @Test
    void listMessages_overSeveralPages_returnsLiveOnesInOrderOnce() {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        IntStream.rangeClosed(1, 9).forEach(n -> batch.add(create(message(chat, n), "m" + n, now())));
        batch.add(new DeleteMessageCommand(message(chat, 5), now()));
        repository.apply(batch);
        List<Integer> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        while (true) {
            Page<Message> page = repository.listMessages(chat, request);
            page.items().forEach(m -> seen.add(m.number().value()));
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = new PageRequest(page.nextAfter().get(), 3);
        }
        assertEquals(List.of(1, 2, 3, 4, 6, 7, 8, 9), seen);
    }

    @Test
    void listMessages_exactlyOnePageFull_hasNoNextPage() {
        persistedMessage(1, "a");
        repository.apply(List.of(create(message(chat, 2), "b", now())));
        assertTrue(repository.listMessages(chat, PageRequest.first(2)).nextAfter().isEmpty());
    }

    @Test
    void completeIndexing_done_removesOnlyThose() {
        persistedMessage(1, "a");
        repository.apply(List.of(create(message(chat, 2), "b", now())));
        List<PendingIndexing> pending = repository.pendingIndexing(10);
        assertEquals(2, pending.size());
        repository.completeIndexing(pending.subList(0, 1));
        assertEquals(List.of(pending.get(1)), repository.pendingIndexing(10));
    }

    @Test
    void pendingIndexing_afterApply_carriesAcceptTimeOfItsCommand() {
        Instant accepted = now().minusSeconds(30);
        repository.apply(List.of(new CreateChatCommand(chat, accepted), create(message(chat, 1), "a", accepted)));
        assertEquals(List.of(accepted),
                repository.pendingIndexing(10).stream().map(PendingIndexing::acceptedAt).toList());
    }

    @Test
    void reconcileCounters_consistentCounts_correctsNothing() {
        persistedMessage(1, "a");
        repository.reconcileCounters();
        assertEquals(0, repository.reconcileCounters());
        assertEquals(1, repository.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void liveMessages_fromStart_listsLiveOnesWithVersionsAndResumes() {
        persistedMessage(1, "a");
        repository.apply(List.of(create(message(chat, 2), "b", now()), create(message(chat, 3), "c", now()),
                new UpdateMessageCommand(UUID.randomUUID(), message(chat, 1), new MessageBody("a2"), now()),
                new DeleteMessageCommand(message(chat, 2), now())));
        List<SearchUpdate.IndexMessage> mine = new ArrayList<>();
        long after = 0;
        List<IndexableMessage> page;
        while (!(page = repository.liveMessages(after, 2)).isEmpty()) {
            page.stream().map(IndexableMessage::update)
                    .filter(u -> u.message().chat().equals(chat)).forEach(mine::add);
            after = page.get(page.size() - 1).position();
        }
        assertEquals(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("a2"), 2),
                new SearchUpdate.IndexMessage(message(chat, 3), new MessageBody("c"), 1)), mine);
    }

    @Test
    void reserveChatNumbers_repeated_raisesCeilingByCount() {
        ApplicationToken token = application.token();
        long first = repository.reserveChatNumbers(token, 100);
        assertEquals(first + 100, repository.reserveChatNumbers(token, 100));
    }

    @Test
    void reserveMessageNumbers_firstTime_startsAboveImplicitReservation() {
        assertEquals(ChatRepository.IMPLICIT_MESSAGE_RESERVATION + 50, repository.reserveMessageNumbers(chat, 50));
    }

    @Test
    void reserveMessageNumbers_8threadsBy50_neverOverlap() throws Exception {
        List<Integer> ceilings = AbstractNumberAllocatorTest.concurrently(8, 50,
                () -> (int) repository.reserveMessageNumbers(chat, 10));
        List<Integer> expected = IntStream.rangeClosed(1, 400)
                .mapToObj(i -> ChatRepository.IMPLICIT_MESSAGE_RESERVATION + 10 * i).toList();
        assertEquals(expected, ceilings);
    }
}

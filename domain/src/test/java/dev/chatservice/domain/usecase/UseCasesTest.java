package dev.chatservice.domain.usecase;

import dev.chatservice.domain.port.Allocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.memory.InMemoryChangeFanOut;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.process.CommandProcessor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The use cases against the in-memory ports, with the processor applied by hand instead of a worker. */
class UseCasesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    /** A queue that records what was published and applies nothing until told to. */
    private static final class RecordingQueue implements CommandQueue {
        final List<Command> published = new ArrayList<>();
        boolean down;

        @Override
        public void publish(Command command) {
            if (down) {
                throw new DependencyUnavailableException("queue", "down for the test", null);
            }
            published.add(command);
        }

        @Override
        public Subscription subscribe(BatchHandler handler) {
            throw new UnsupportedOperationException("the test applies batches itself");
        }
    }

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberAllocator allocator = new InMemoryNumberAllocator();
    private final InMemoryMessageSearch search = new InMemoryMessageSearch();
    private final RecordingQueue queue = new RecordingQueue();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CommandProcessor processor = new CommandProcessor(store, search, new InMemoryChangeFanOut());
    private ApplicationToken token;

    @BeforeEach
    void setUp() {
        token = new CreateApplication(store, allocator, clock, new SecureRandom())
                .create(new ApplicationName("app")).token();
    }

    private void applyPublished() {
        processor.process(List.copyOf(queue.published));
        queue.published.clear();
    }

    private ChatRef createChat() {
        return new ChatRef(token, new CreateChat(allocator, queue, clock).create(token, Optional.empty()).number());
    }

    private MessageNumber createMessage(ChatRef chat, String body) {
        return new CreateMessage(store, allocator, queue, clock).create(chat, new MessageBody(body), Optional.empty())
                .number();
    }

    @Test
    void createApplication_name_storesItWithZeroChats() {
        Application application = new GetApplication(store).get(token);
        assertEquals("app", application.name().value());
        assertEquals(0, application.chatsCount());
        assertEquals(NOW, application.createdAt());
    }

    @Test
    void createChat_knownApplication_publishesCommandWithoutPersisting() {
        ChatRef chat = createChat();
        assertEquals(1, chat.chat().value());
        assertEquals(1, queue.published.size());
        assertTrue(store.findChat(chat).isEmpty());
    }

    @Test
    void createChat_unknownApplication_throwsNotFound() {
        CreateChat createChat = new CreateChat(allocator, queue, clock);
        ApplicationToken unknown = ApplicationToken.generate(new SecureRandom());
        NotFoundException e = assertThrows(NotFoundException.class, () -> createChat.create(unknown, Optional.empty()));
        assertEquals(NotFoundException.Resource.APPLICATION, e.resource());
    }

    @Test
    void createMessage_keyReusedWithOtherBody_throwsAndPublishesNothingNew() {
        ChatRef chat = createChat();
        CreateMessage createMessage = new CreateMessage(store, allocator, queue, clock);
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("k"));
        createMessage.create(chat, new MessageBody("one"), key);
        int published = queue.published.size();
        assertThrows(IdempotencyKeyReusedException.class,
                () -> createMessage.create(chat, new MessageBody("two"), key));
        assertEquals(published, queue.published.size());
    }

    @Test
    void createMessage_queueDown_throwsUnavailable() {
        ChatRef chat = createChat();
        queue.down = true;
        assertThrows(DependencyUnavailableException.class, () -> createMessage(chat, "lost?"));
    }

    @Test
    void createMessage_replayedAfterQueueOutage_isPersistedOnce() {
        ChatRef chat = createChat();
        CreateMessage createMessage = new CreateMessage(store, allocator, queue, clock);
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("retry-me"));
        queue.down = true;
        assertThrows(DependencyUnavailableException.class,
                () -> createMessage.create(chat, new MessageBody("hi"), key));
        queue.down = false;
        Allocation.Granted<MessageNumber> retried = createMessage.create(chat, new MessageBody("hi"), key);
        applyPublished();
        assertEquals(1, retried.number().value());
        assertEquals(1, store.findChat(chat).orElseThrow().messagesCount());
    }

    @Test
    void listMessages_chatAcceptedNotPersisted_returnsEmptyPage() {
        ChatRef chat = createChat();
        assertEquals(List.of(), new ListMessages(store, store, allocator).list(chat, PageRequest.first(10)).items());
    }

    @Test
    void updateMessage_neverGranted_throwsNotFound() {
        ChatRef chat = createChat();
        UpdateMessage updateMessage = new UpdateMessage(store, allocator, queue, clock);
        MessageRef missing = new MessageRef(chat, new MessageNumber(1));
        assertThrows(NotFoundException.class, () -> updateMessage.update(missing, new MessageBody("x")));
    }

    @Test
    void updateMessage_granted_appliesNewBody() {
        ChatRef chat = createChat();
        MessageRef ref = new MessageRef(chat, createMessage(chat, "old"));
        new UpdateMessage(store, allocator, queue, clock).update(ref, new MessageBody("new"));
        applyPublished();
        assertEquals("new", new GetMessage(store, store, allocator).get(ref).body().value());
    }

    @Test
    void deleteChat_accepted_refusesNewMessagesAtOnce() {
        ChatRef chat = createChat();
        new DeleteChat(store, allocator, queue, clock).delete(chat);
        assertThrows(NotFoundException.class, () -> createMessage(chat, "too late"));
    }

    @Test
    void deleteApplication_existing_removesItAndRefusesChats() {
        new DeleteApplication(store, allocator).delete(token);
        assertTrue(store.findApplication(token).isEmpty());
        assertThrows(NotFoundException.class, this::createChat);
    }

    @Test
    void searchMessages_persisted_findsByInfix() {
        ChatRef chat = createChat();
        createMessage(chat, "a wonderful day");
        applyPublished();
        assertEquals(1, new SearchMessages(store, allocator, search)
                .search(chat, SearchQuery.parse("onder"), SearchOrder.RELEVANCE, 10, Optional.empty()).hits().size());
    }

    @Test
    void searchMessages_unknownChat_throwsNotFound() {
        SearchMessages searchMessages = new SearchMessages(store, allocator, search);
        ChatRef unknown = new ChatRef(token, new ChatNumber(5));
        assertThrows(NotFoundException.class,
                () -> searchMessages.search(unknown, SearchQuery.parse("x"), SearchOrder.NEWEST, 10, Optional.empty()));
    }

    @Test
    void renameApplication_unknown_throwsNotFound() {
        RenameApplication rename = new RenameApplication(store, clock);
        ApplicationToken unknown = ApplicationToken.generate(new SecureRandom());
        assertThrows(NotFoundException.class, () -> rename.rename(unknown, new ApplicationName("x")));
    }

    @Test
    void listChats_persisted_pagesInOrder() {
        createChat();
        createChat();
        createChat();
        applyPublished();
        var page = new ListChats(store, store).list(token, PageRequest.first(2));
        assertEquals(List.of(1, 2), page.items().stream().map(c -> c.number().value()).toList());
        assertEquals(Optional.of(2), page.nextFrom());
        assertEquals(3, new GetChat(store, store, allocator, clock).get(new ChatRef(token, new ChatNumber(3))).number().value());
    }
    @Test
    void getChat_acceptedNotYetPersisted_existsWithNoMessages() {
        ChatRef chat = createChat();
        var read = new GetChat(store, store, allocator, clock).get(chat);
        assertEquals(chat.chat(), read.number());
        assertEquals(0, read.messagesCount());
    }

    @Test
    void getChat_neverGranted_throwsNotFound() {
        GetChat getChat = new GetChat(store, store, allocator, clock);
        assertThrows(NotFoundException.class, () -> getChat.get(new ChatRef(token, new ChatNumber(7))));
    }

    @Test
    void getMessage_chatAcceptedNotYetPersisted_namesTheMessage() {
        ChatRef chat = createChat();
        GetMessage getMessage = new GetMessage(store, store, allocator);
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> getMessage.get(new MessageRef(chat, new MessageNumber(1))));
        assertEquals(NotFoundException.Resource.MESSAGE, e.resource());
    }

    @Test
    void follow_chatAcceptedNotYetPersisted_isAdmittedLikeAMessage() {
        ChatRef chat = createChat(); // not applied: the allocator alone knows it
        assertTrue(store.findChat(chat).isEmpty());
        new FollowChat(store, allocator).follow(chat);
    }

    @Test
    void follow_unknownChatOrApplication_namesTheFirstMissing() {
        FollowChat follow = new FollowChat(store, allocator);
        NotFoundException chat = assertThrows(NotFoundException.class,
                () -> follow.follow(new ChatRef(token, new ChatNumber(99))));
        assertEquals(NotFoundException.Resource.CHAT, chat.resource());
        ApplicationToken unknown = ApplicationToken.generate(new SecureRandom());
        NotFoundException application = assertThrows(NotFoundException.class,
                () -> follow.follow(new ChatRef(unknown, new ChatNumber(1))));
        assertEquals(NotFoundException.Resource.APPLICATION, application.resource());
    }

    @Test
    void follow_deletedChat_isRefused() {
        ChatRef chat = createChat();
        applyPublished();
        new DeleteChat(store, allocator, queue, clock).delete(chat);
        NotFoundException e = assertThrows(NotFoundException.class, () -> new FollowChat(store, allocator).follow(chat));
        assertEquals(NotFoundException.Resource.CHAT, e.resource());
    }
}

package dev.chatservice.domain.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.usecase.NotFoundException.Resource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each use case names the first missing link: an unknown token is an unknown application on every route. */
class NotFoundResourceTest {
    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberAllocator allocator = new InMemoryNumberAllocator();
    private final InMemoryCommandQueue queue = new InMemoryCommandQueue();
    private final InMemoryMessageSearch search = new InMemoryMessageSearch();
    private final Clock clock = Clock.systemUTC();
    private ChatRef unknownApplication;
    private ChatRef unknownChat;
    private ChatRef chat;

    @BeforeEach
    void setUp() {
        ApplicationToken token = new CreateApplication(store, allocator, clock, new SecureRandom())
                .create(new ApplicationName("app")).token();
        chat = new ChatRef(token, new CreateChat(allocator, queue, clock).create(token, Optional.empty()).number());
        unknownChat = new ChatRef(token, new ChatNumber(99));
        unknownApplication = new ChatRef(ApplicationToken.generate(new SecureRandom()), new ChatNumber(1));
    }

    private static Resource missing(Executable call) {
        return assertThrows(NotFoundException.class, call).resource();
    }

    private static MessageRef first(ChatRef chat) {
        return new MessageRef(chat, new MessageNumber(1));
    }

    private Executable createMessage(ChatRef in) {
        return () -> new CreateMessage(store, allocator, queue, clock)
                .create(in, new MessageBody("hi"), Optional.empty());
    }

    private Executable getChat(ChatRef in) {
        return () -> new GetChat(store, store, allocator, clock).get(in);
    }

    private Executable deleteChat(ChatRef in) {
        return () -> new DeleteChat(store, allocator, queue, clock).delete(in);
    }

    private Executable listMessages(ChatRef in) {
        return () -> new ListMessages(store, store, allocator).list(in, PageRequest.first(10));
    }

    private Executable searchMessages(ChatRef in) {
        return () -> new SearchMessages(store, allocator, search)
                .search(in, SearchQuery.parse("hi"), SearchOrder.RELEVANCE, 10, Optional.empty());
    }

    private Executable getMessage(ChatRef in) {
        return () -> new GetMessage(store, store, allocator).get(first(in));
    }

    private Executable updateMessage(ChatRef in) {
        return () -> new UpdateMessage(store, allocator, queue, clock).update(first(in), new MessageBody("x"));
    }

    private Executable deleteMessage(ChatRef in) {
        return () -> new DeleteMessage(store, allocator, queue, clock).delete(first(in));
    }

    @Test
    void createMessage_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(createMessage(unknownApplication)));
    }

    @Test
    void createMessage_unknownChat_namesTheChat() {
        assertEquals(Resource.CHAT, missing(createMessage(unknownChat)));
    }

    @Test
    void getChat_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(getChat(unknownApplication)));
    }

    @Test
    void getChat_unknownChat_namesTheChat() {
        assertEquals(Resource.CHAT, missing(getChat(unknownChat)));
    }

    @Test
    void deleteChat_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(deleteChat(unknownApplication)));
    }

    @Test
    void listMessages_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(listMessages(unknownApplication)));
    }

    @Test
    void searchMessages_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(searchMessages(unknownApplication)));
    }

    @Test
    void searchMessages_unknownChat_namesTheChat() {
        assertEquals(Resource.CHAT, missing(searchMessages(unknownChat)));
    }

    @Test
    void getMessage_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(getMessage(unknownApplication)));
    }

    @Test
    void updateMessage_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(updateMessage(unknownApplication)));
    }

    @Test
    void updateMessage_unknownChat_namesTheChat() {
        assertEquals(Resource.CHAT, missing(updateMessage(unknownChat)));
    }

    @Test
    void deleteMessage_unknownApplication_namesTheApplication() {
        assertEquals(Resource.APPLICATION, missing(deleteMessage(unknownApplication)));
    }

    @Test
    void deleteMessage_neverGrantedInKnownChat_namesTheMessage() {
        assertEquals(Resource.MESSAGE, missing(deleteMessage(chat)));
    }
}

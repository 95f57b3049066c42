package dev.chatservice.domain;

import dev.chatservice.domain.memory.InMemoryChangeFanOut;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.Worker;
import dev.chatservice.domain.usecase.CreateApplication;
import dev.chatservice.domain.usecase.CreateChat;
import dev.chatservice.domain.usecase.CreateMessage;
import dev.chatservice.domain.usecase.DeleteApplication;
import dev.chatservice.domain.usecase.DeleteChat;
import dev.chatservice.domain.usecase.DeleteMessage;
import dev.chatservice.domain.usecase.FollowChat;
import dev.chatservice.domain.usecase.GetApplication;
import dev.chatservice.domain.usecase.GetChat;
import dev.chatservice.domain.usecase.GetMessage;
import dev.chatservice.domain.usecase.ListApplications;
import dev.chatservice.domain.usecase.ListChanges;
import dev.chatservice.domain.usecase.ListChats;
import dev.chatservice.domain.usecase.ListMessages;
import dev.chatservice.domain.usecase.RenameApplication;
import dev.chatservice.domain.usecase.SearchMessages;
import dev.chatservice.domain.usecase.UpdateMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The chat service as a library: every use case, one per operation of the API, built from the ports. Embedders
 * start here, with {@link #inMemory()} or with their own adapters through {@link #of}.
 */
public final class ChatService implements AutoCloseable {
    private final CreateApplication createApplication;
    private final GetApplication getApplication;
    private final RenameApplication renameApplication;
    private final DeleteApplication deleteApplication;
    private final ListApplications listApplications;
    private final CreateChat createChat;
    private final ListChats listChats;
    private final GetChat getChat;
    private final DeleteChat deleteChat;
    private final CreateMessage createMessage;
    private final ListMessages listMessages;
    private final GetMessage getMessage;
    private final UpdateMessage updateMessage;
    private final DeleteMessage deleteMessage;
    private final SearchMessages searchMessages;
    private final ListChanges listChanges;
    private final FollowChat followChat;
    /** The committed changes of each chat, which live streams read. */
    private final ChangeFeed changeFeed;
    /** Where this process hears of committed changes, for live streams. */
    private final ChangeFanOut changeFanOut;
    /** The worker this service runs itself, if any; {@link #of} leaves applying commands to the caller. */
    private final Optional<Worker> worker;

    private ChatService(ApplicationRegistry applications, ChatHistory history, ChangeFeed feed,
                        NumberAllocator allocator, CommandQueue queue, MessageSearch search, Clock clock,
                        ChangeFanOut changeFanOut,
                        Optional<Worker> worker) {
        createApplication = new CreateApplication(applications, allocator, clock, new SecureRandom());
        getApplication = new GetApplication(applications);
        renameApplication = new RenameApplication(applications, clock);
        deleteApplication = new DeleteApplication(applications, allocator);
        listApplications = new ListApplications(applications);
        createChat = new CreateChat(allocator, queue, clock);
        listChats = new ListChats(applications, history);
        getChat = new GetChat(applications, history, allocator, clock);
        deleteChat = new DeleteChat(applications, allocator, queue, clock);
        createMessage = new CreateMessage(applications, allocator, queue, clock);
        listMessages = new ListMessages(applications, history, allocator);
        getMessage = new GetMessage(applications, history, allocator);
        updateMessage = new UpdateMessage(applications, allocator, queue, clock);
        deleteMessage = new DeleteMessage(applications, allocator, queue, clock);
        searchMessages = new SearchMessages(applications, allocator, search);
        listChanges = new ListChanges(applications, history, feed, allocator);
        followChat = new FollowChat(applications, allocator);
        this.changeFeed = feed;
        this.changeFanOut = changeFanOut;
        this.worker = worker;
    }

    /**
     * The use cases on the given ports. Commands go to {@code queue}; something else must apply them (a
     * {@link Worker} on the same queue, in this process or another). Live streams hear of nothing but what is
     * published to {@link #changeFanOut()}, an in-process fan-out; use the other overload to pass a shared one.
     */
    public static ChatService of(ApplicationRegistry applications, ChatHistory history, ChangeFeed feed,
                                 NumberAllocator allocator, CommandQueue queue, MessageSearch search, Clock clock) {
        return of(applications, history, feed, allocator, queue, search, clock, new InMemoryChangeFanOut());
    }

    /** As the other overload, with the fan-out through which the workers announce what they committed. */
    public static ChatService of(ApplicationRegistry applications, ChatHistory history, ChangeFeed feed,
                                 NumberAllocator allocator, CommandQueue queue, MessageSearch search, Clock clock,
                                 ChangeFanOut changeFanOut) {
        return new ChatService(applications, history, feed, allocator, queue, search, clock, changeFanOut,
                Optional.empty());
    }

    /**
     * The whole service in this process, on the thread-safe in-memory adapters, with a worker that applies
     * commands as they come; {@link #close()} stops it. Writes become readable a moment after they are accepted,
     * as in production.
     */
    public static ChatService inMemory() {
        InMemoryChatStore store = new InMemoryChatStore();
        InMemoryMessageSearch search = new InMemoryMessageSearch();
        InMemoryCommandQueue queue = new InMemoryCommandQueue();
        InMemoryChangeFanOut fanOut = new InMemoryChangeFanOut();
        Worker worker = new Worker(queue, new CommandProcessor(store, search, fanOut), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        ChatService service = new ChatService(store, store, store, new InMemoryNumberAllocator(), queue, search,
                Clock.systemUTC(), fanOut, Optional.of(worker));
        worker.start();
        return service;
    }

    public CreateApplication createApplication() {
        return createApplication;
    }

    public GetApplication getApplication() {
        return getApplication;
    }

    public RenameApplication renameApplication() {
        return renameApplication;
    }

    public DeleteApplication deleteApplication() {
        return deleteApplication;
    }

    public ListApplications listApplications() {
        return listApplications;
    }

    public CreateChat createChat() {
        return createChat;
    }

    public ListChats listChats() {
        return listChats;
    }

    public GetChat getChat() {
        return getChat;
    }

    public DeleteChat deleteChat() {
        return deleteChat;
    }

    public CreateMessage createMessage() {
        return createMessage;
    }

    public ListMessages listMessages() {
        return listMessages;
    }

    public GetMessage getMessage() {
        return getMessage;
    }

    public UpdateMessage updateMessage() {
        return updateMessage;
    }

    public DeleteMessage deleteMessage() {
        return deleteMessage;
    }

    public SearchMessages searchMessages() {
        return searchMessages;
    }

    public ListChanges listChanges() {
        return listChanges;
    }

    public FollowChat followChat() {
        return followChat;
    }

    /** The committed changes of each chat: what live streams send. */
    public ChangeFeed changeFeed() {
        return changeFeed;
    }

    /** Where this process hears of committed changes: what live streams listen to. */
    public ChangeFanOut changeFanOut() {
        return changeFanOut;
    }

    /** Stops the worker that {@link #inMemory()} started; nothing to do for {@link #of}. */
    @Override
    public void close() {
        worker.ifPresent(Worker::close);
    }
}

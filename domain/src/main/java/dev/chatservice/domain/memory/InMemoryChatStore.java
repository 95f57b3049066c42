package dev.chatservice.domain.memory;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.memory.InMemoryRows.StoredApplication;
import dev.chatservice.domain.memory.InMemoryRows.StoredChat;
import dev.chatservice.domain.memory.InMemoryRows.StoredMessage;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Thread-safe applications, chats and messages held in this process's memory. One object serves the four
 * ports because they share the rows: what the ledger applies is what the history and the change feed read.
 */
public final class InMemoryChatStore implements ApplicationRegistry, ChatHistory, ChatLedger, ChangeFeed {

    private final Map<ApplicationToken, StoredApplication> applications = new HashMap<>();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private long messagePosition;
    private final Set<UUID> appliedUpdates = new HashSet<>();

    @Override
    public synchronized void createApplication(Application application) {
        if (applications.putIfAbsent(application.token(), new StoredApplication(application)) != null) {
            throw new IllegalStateException("token already taken");
        }
    }

    @Override
    public synchronized Optional<Application> findApplication(ApplicationToken token) {
        return Optional.ofNullable(applications.get(token)).map(StoredApplication::toApplication);
    }

    @Override
    public synchronized Optional<Application> renameApplication(ApplicationToken token, ApplicationName name,
                                                                Instant now) {
        StoredApplication application = applications.get(token);
        if (application == null) {
            return Optional.empty();
        }
        application.name = name;
        application.updatedAt = now;
        return Optional.of(application.toApplication());
    }

    @Override
    public synchronized boolean deleteApplication(ApplicationToken token) {
        if (applications.remove(token) == null) {
            return false;
        }
        outbox.enqueue(new SearchUpdate.RemoveApplication(token), Instant.now());
        return true;
    }

    @Override
    public synchronized List<Application> listApplications(Optional<ApplicationToken> after, int limit) {
        return applications.values().stream()
                .filter(a -> after.isEmpty() || a.token.value().compareTo(after.get().value()) > 0)
                .sorted((a, b) -> a.token.value().compareTo(b.token.value()))
                .limit(limit)
                .map(StoredApplication::toApplication)
                .toList();
    }

    @Override
    public synchronized Optional<Chat> findChat(ChatRef chat) {
        return liveChat(chat).map(StoredChat::toChat);
    }

    @Override
    public synchronized Page<Chat> listChats(ApplicationToken token, PageRequest page) {
        StoredApplication application = applications.get(token);
        if (application == null) {
            return new Page<>(List.of(), Optional.empty());
        }
        return InMemoryPages.page(application.chats, page, chat -> !chat.deleted, number -> StoredChat::toChat);
    }

    @Override
    public synchronized Optional<Message> findMessage(MessageRef ref) {
        return liveChat(ref.chat())
                .map(chat -> chat.messages.get(ref.message().value()))
                .filter(message -> !message.deleted)
                .map(message -> message.toMessage(ref.chat().chat(), ref.message().value()));
    }

    @Override
    public synchronized Page<Message> listMessages(ChatRef ref, PageRequest page) {
        Optional<StoredChat> chat = liveChat(ref);
        if (chat.isEmpty()) {
            return new Page<>(List.of(), Optional.empty());
        }
        return InMemoryPages.page(chat.get().messages, page, message -> !message.deleted,
                number -> message -> message.toMessage(ref.chat(), number));
    }

    @Override
    public synchronized List<ChangeSignal> apply(List<Command> batch) {
        List<ChangeSignal> created = new ArrayList<>();
        Map<ChatRef, StoredChat> changed = new LinkedHashMap<>();
        for (Command command : batch) {
            StoredApplication application = applications.get(command.chat().application());
            if (application == null) {
                continue; // deleted with everything in it; the command came too late
            }
            ChatRef ref = command.chat();
            if (!application.chats.containsKey(ref.chat().value())
                    && !(command instanceof UpdateMessageCommand || command instanceof DeleteMessageCommand)) {
                created.add(new ChangeSignal.ChatCreated(ref.application(), ref.chat()));
            }
            boolean change = false;
            if (command instanceof CreateChatCommand create) {
                storedChat(application, create.chat().chat(), create.acceptedAt());
            } else if (command instanceof CreateMessageCommand create) {
                change = createMessage(application, create);
            } else if (command instanceof UpdateMessageCommand update) {
                change = updateMessage(application, update);
            } else if (command instanceof DeleteMessageCommand delete) {
                change = deleteMessage(application, delete);
            } else if (command instanceof DeleteChatCommand delete) {
                change = deleteChat(application, delete);
            }
            if (change) {
                changed.put(ref, application.chats.get(ref.chat().value()));
            }
        }
        List<ChangeSignal> signals = new ArrayList<>(created);
        changed.forEach((ref, chat) ->
                signals.add(new ChangeSignal.ChatChanged(ref.application(), ref.chat(), chat.lastSeq)));
        return signals;
    }

    private boolean createMessage(StoredApplication application, CreateMessageCommand create) {
        // A chat is created with its first message if its own command has not arrived: that message
        // was promised to the client, so it must not be dropped.
        StoredChat chat = storedChat(application, create.chat().chat(), create.acceptedAt());
        int number = create.message().message().value();
        if (chat.deleted || chat.messages.containsKey(number)) {
            return false;
        }
        StoredMessage message = new StoredMessage(create.sender(), create.body(), create.acceptedAt(),
                ++messagePosition);
        chat.messages.put(number, message);
        chat.changed(number, message);
        chat.messagesCount++;
        outbox.enqueue(new SearchUpdate.IndexMessage(create.message(), create.sender(), create.body(), 1),
                create.acceptedAt());
        return true;
    }

    private boolean updateMessage(StoredApplication application, UpdateMessageCommand update) {
        if (!appliedUpdates.add(update.id())) {
            return false;
        }
        return liveMessage(application, update.message()).map(message -> {
            message.body = update.body();
            message.updatedAt = update.acceptedAt();
            message.version++;
            chatOf(application, update.message()).changed(update.message().message().value(), message);
            outbox.enqueue(new SearchUpdate.IndexMessage(update.message(), message.sender, update.body(),
                            message.version),
                    update.acceptedAt());
            return true;
        }).orElse(false);
    }

    private boolean deleteMessage(StoredApplication application, DeleteMessageCommand delete) {
        return liveMessage(application, delete.message()).map(message -> {
            message.deleted = true;
            message.body = null; // a tombstone guards order and idempotency; the text itself is gone
            message.updatedAt = delete.acceptedAt();
            message.version++;
            StoredChat chat = chatOf(application, delete.message());
            chat.changed(delete.message().message().value(), message);
            chat.messagesCount--;
            outbox.enqueue(new SearchUpdate.RemoveMessage(delete.message(), message.version), delete.acceptedAt());
            return true;
        }).orElse(false);
    }

    private boolean deleteChat(StoredApplication application, DeleteChatCommand delete) {
        StoredChat chat = storedChat(application, delete.chat().chat(), delete.acceptedAt());
        if (chat.deleted) {
            return false;
        }
        chat.deleted = true;
        chat.messages.values().forEach(message -> message.body = null);
        chat.updatedAt = delete.acceptedAt();
        chat.lastSeq++;
        application.chatsCount--;
        outbox.enqueue(new SearchUpdate.RemoveChat(delete.chat()), delete.acceptedAt());
        return true;
    }

    private static StoredChat chatOf(StoredApplication application, MessageRef ref) {
        return application.chats.get(ref.chat().chat().value());
    }

    /** Every body the store still holds, tombstones included: what a deleted message must not leave behind. */
    synchronized List<String> storedBodies() {
        List<String> bodies = new ArrayList<>();
        applications.values().forEach(application -> application.chats.values().forEach(chat ->
                chat.messages.values().forEach(message -> {
                    if (message.body != null) {
                        bodies.add(message.body.value());
                    }
                })));
        return bodies;
    }

    private StoredChat storedChat(StoredApplication application, ChatNumber number, Instant acceptedAt) {
        return application.chats.computeIfAbsent(number.value(), n -> {
            application.chatsCount++;
            return new StoredChat(n, acceptedAt, false);
        });
    }

    private Optional<StoredMessage> liveMessage(StoredApplication application, MessageRef ref) {
        StoredChat chat = application.chats.get(ref.chat().chat().value());
        if (chat == null || chat.deleted) {
            return Optional.empty();
        }
        return Optional.ofNullable(chat.messages.get(ref.message().value())).filter(m -> !m.deleted);
    }

    private Optional<StoredChat> liveChat(ChatRef ref) {
        StoredApplication application = applications.get(ref.application());
        if (application == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(application.chats.get(ref.chat().value())).filter(c -> !c.deleted);
    }

    @Override
    public synchronized List<PendingIndexing> pendingIndexing(int limit) {
        return outbox.oldest(limit);
    }

    @Override
    public synchronized void completeIndexing(List<PendingIndexing> done) {
        outbox.complete(done);
    }

    @Override
    public synchronized long reconcileCounters() {
        return InMemoryScans.reconcileCounters(applications.values());
    }

    @Override
    public synchronized List<IndexableMessage> liveMessages(long afterPosition, int limit) {
        return InMemoryScans.liveMessages(applications.values(), afterPosition, limit);
    }

    @Override
    public synchronized List<ChatChange> changesSince(ChatRef ref, long since, int limit) {
        StoredApplication application = applications.get(ref.application());
        StoredChat chat = application == null ? null : application.chats.get(ref.chat().value());
        return chat == null ? List.of() : InMemoryFeed.changesSince(chat, ref.chat(), since, limit);
    }

    @Override
    public synchronized long latestSeq(ChatRef ref) {
        StoredApplication application = applications.get(ref.application());
        StoredChat chat = application == null ? null : application.chats.get(ref.chat().value());
        return chat == null ? 0 : chat.lastSeq;
    }
}

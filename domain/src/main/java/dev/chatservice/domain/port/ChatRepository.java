package dev.chatservice.domain.port;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The system of record: applications, chats and messages, plus the outbox of search updates.
 * Deleted chats and messages are kept as tombstones, so a late or repeated command cannot revive them.
 */
public interface ChatRepository {

    /** Stores a new application; its token is unique. */
    void createApplication(Application application);

    Optional<Application> findApplication(ApplicationToken token);

    /** Renames an application; empty if there is none. */
    Optional<Application> renameApplication(ApplicationToken token, ApplicationName name, Instant now);

    /** Deletes an application with its chats and messages, and records their removal from search. */
    boolean deleteApplication(ApplicationToken token);

    /** Applications ordered by token, after {@code after} when given; for administrators only. */
    List<Application> listApplications(Optional<ApplicationToken> after, int limit);

    /** A live chat. */
    Optional<Chat> findChat(ChatRef chat);

    /** Live chats of an application, by ascending number. */
    Page<Chat> listChats(ApplicationToken application, PageRequest page);

    /** A live message of a live chat. */
    Optional<Message> findMessage(MessageRef message);

    /** Live messages of a live chat, by ascending number. */
    Page<Message> listMessages(ChatRef chat, PageRequest page);

    /**
     * Applies a batch of commands atomically, in order, and records the search updates they cause.
     * Idempotent: applying the same batch again, or any prefix of it, changes nothing.
     */
    void apply(List<Command> batch);

    /** The oldest search updates not yet marked done. */
    List<PendingIndexing> pendingIndexing(int limit);

    /** Marks search updates as applied to the index. */
    void completeIndexing(List<PendingIndexing> done);

    /** Recomputes every stored count from the rows; returns how many counts were wrong. */
    long reconcileCounters();

    /**
     * Live messages in storage order after {@code afterPosition} (0 for the start), for rebuilding the index.
     */
    List<IndexableMessage> liveMessages(long afterPosition, int limit);

    /** Numbers reserved for every chat before any explicit reservation, so new chats need no write here. */
    int IMPLICIT_MESSAGE_RESERVATION = 1000;

    /**
     * Durably raises the highest chat number that may be granted in an application by {@code count} and
     * returns the new ceiling. Every number granted so far is at most the old ceiling, so a grant that
     * restarts above {@code ceiling - count} can never repeat one, whatever the allocator forgot.
     */
    long reserveChatNumbers(ApplicationToken application, int count);

    /**
     * Durably raises the highest message number that may be granted in a chat to
     * {@code max(ceiling, IMPLICIT_MESSAGE_RESERVATION) + count} and returns it. The chat need not be
     * persisted yet.
     */
    long reserveMessageNumbers(ChatRef chat, int count);
}

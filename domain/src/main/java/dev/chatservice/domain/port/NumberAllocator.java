package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import java.time.Instant;
import java.util.Optional;

/**
 * Grants chat and message numbers: 1, 2, 3… per parent, never twice, and knows which parents exist.
 * Implementations must be safe for concurrent use by many threads and many processes.
 *
 * <p>Whether a chat exists is this port's answer, in every use case: a chat exists from the grant of its number
 * until its deletion is accepted, whether or not a worker has persisted it yet, so creation never needs the
 * repository. Reads answer from what is persisted first, and ask here only when nothing is.
 */
public interface NumberAllocator {

    /** How long an Idempotency-Key is remembered. */
    java.time.Duration IDEMPOTENCY_WINDOW = java.time.Duration.ofHours(24);

    /** Makes an application known, so that chats can be allocated in it. Repeating it is harmless. */
    void registerApplication(ApplicationToken application);

    /**
     * Grants the next chat number of an application, checking in the same atomic step that the application
     * exists and honouring the Idempotency-Key. The new chat counts as existing at once.
     */
    Allocation<ChatNumber> allocateChat(ApplicationToken application, Optional<IdempotencyKey> key, Instant now);

    /**
     * Grants the next message number of a chat, checking in the same atomic step that the chat exists and
     * honouring the Idempotency-Key; {@code fingerprint} identifies the request body, so that a key reused
     * with another body is a {@link Allocation.KeyConflict}.
     */
    Allocation<MessageNumber> allocateMessage(ChatRef chat, Optional<IdempotencyKey> key, String fingerprint,
                                              Instant now);

    /** Whether the chat exists: granted and not forgotten. */
    boolean chatExists(ChatRef chat);

    /** Whether the message's number was granted in a chat that still exists. */
    boolean messageGranted(MessageRef message);

    /** Forgets a deleted application and its chats: later allocations in them answer UnknownParent. */
    void forgetApplication(ApplicationToken application);

    /** Forgets a deleted chat: later allocations in it answer UnknownParent. Its number stays taken. */
    void forgetChat(ChatRef chat);
}

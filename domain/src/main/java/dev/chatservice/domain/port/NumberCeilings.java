package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;

/**
 * The durable ceilings under which a {@link NumberAllocator} may grant chat and message numbers, so that an
 * allocator that forgets its counters restarts above every number it ever granted.
 */
public interface NumberCeilings {

    /**
     * Numbers reserved for every chat before any explicit reservation, so new chats need no write here. Enough
     * for a burst into a new chat to outlast its first top-up on a node that has just started.
     */
    int IMPLICIT_MESSAGE_RESERVATION = 10_000;

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

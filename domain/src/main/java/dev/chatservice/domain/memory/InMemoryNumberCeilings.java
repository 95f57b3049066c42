package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.NumberCeilings;
import java.util.HashMap;
import java.util.Map;

/** Thread-safe {@link NumberCeilings} held in this process's memory. */
public final class InMemoryNumberCeilings implements NumberCeilings {
    private final Map<ApplicationToken, Long> chatCeilings = new HashMap<>();
    private final Map<ChatRef, Long> messageCeilings = new HashMap<>();

    @Override
    public synchronized long reserveChatNumbers(ApplicationToken application, int count) {
        return chatCeilings.merge(application, (long) count, Long::sum);
    }

    @Override
    public synchronized long reserveMessageNumbers(ChatRef chat, int count) {
        long ceiling = Math.max(messageCeilings.getOrDefault(chat, 0L), IMPLICIT_MESSAGE_RESERVATION) + count;
        messageCeilings.put(chat, ceiling);
        return ceiling;
    }
}

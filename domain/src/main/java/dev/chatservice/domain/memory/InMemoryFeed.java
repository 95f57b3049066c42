package dev.chatservice.domain.memory;

import dev.chatservice.domain.memory.InMemoryRows.StoredChat;
import dev.chatservice.domain.memory.InMemoryRows.StoredMessage;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatChange.Kind;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.MessageNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a chat's compacted change feed from {@link InMemoryChatStore}'s rows; called under its lock. */
final class InMemoryFeed {
    private InMemoryFeed() {}

    static List<ChatChange> changesSince(StoredChat chat, ChatNumber number, long since, int limit) {
        if (chat.deleted) {
            // The deletion supersedes every change of its messages, whose bodies are gone with it.
            return since < chat.lastSeq
                    ? List.of(new ChatChange(chat.lastSeq, Kind.CHAT_DELETED, number, Optional.empty(),
                            Optional.empty(), chat.updatedAt))
                    : List.of();
        }
        List<ChatChange> changes = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : chat.bySeq.tailMap(since, false).entrySet()) {
            if (changes.size() == limit) {
                break;
            }
            changes.add(change(e.getKey(), number, e.getValue(), chat.messages.get(e.getValue())));
        }
        return changes;
    }

    private static ChatChange change(long seq, ChatNumber chat, int number, StoredMessage message) {
        MessageNumber messageNumber = new MessageNumber(number);
        if (message.deleted) {
            return new ChatChange(seq, Kind.MESSAGE_DELETED, chat, Optional.of(messageNumber), Optional.empty(),
                    message.updatedAt);
        }
        return new ChatChange(seq, message.version == 1 ? Kind.MESSAGE_CREATED : Kind.MESSAGE_UPDATED, chat,
                Optional.of(messageNumber), Optional.of(message.toMessage(chat, number)), message.updatedAt);
    }
}

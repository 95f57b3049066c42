package dev.chatservice.domain.memory;

import dev.chatservice.domain.memory.InMemoryRows.StoredApplication;
import dev.chatservice.domain.memory.InMemoryRows.StoredChat;
import dev.chatservice.domain.memory.InMemoryRows.StoredMessage;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The whole-store scans of {@link InMemoryChatStore}: recounting, and the reindex walk; called under its lock. */
final class InMemoryScans {
    private InMemoryScans() {}

    static long reconcileCounters(Collection<StoredApplication> applications) {
        long corrected = 0;
        for (StoredApplication application : applications) {
            long chats = application.chats.values().stream().filter(c -> !c.deleted).count();
            if (chats != application.chatsCount) {
                application.chatsCount = chats;
                corrected++;
            }
            for (StoredChat chat : application.chats.values()) {
                long messages = chat.messages.values().stream().filter(m -> !m.deleted).count();
                if (messages != chat.messagesCount) {
                    chat.messagesCount = messages;
                    corrected++;
                }
            }
        }
        return corrected;
    }

    static List<IndexableMessage> liveMessages(Collection<StoredApplication> applications, long afterPosition,
                                               int limit) {
        List<IndexableMessage> found = new ArrayList<>();
        for (StoredApplication application : applications) {
            for (StoredChat chat : application.chats.values()) {
                if (chat.deleted) {
                    continue;
                }
                ChatRef ref = new ChatRef(application.token, new ChatNumber(chat.number));
                for (Map.Entry<Integer, StoredMessage> e : chat.messages.entrySet()) {
                    StoredMessage message = e.getValue();
                    if (!message.deleted && message.position > afterPosition) {
                        found.add(new IndexableMessage(message.position, new SearchUpdate.IndexMessage(
                                new MessageRef(ref, new MessageNumber(e.getKey())), message.sender, message.body,
                                message.version)));
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(IndexableMessage::position));
        return found.subList(0, Math.min(limit, found.size()));
    }
}

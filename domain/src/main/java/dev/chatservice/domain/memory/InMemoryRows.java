package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The mutable rows {@link InMemoryChatStore} keeps, guarded by its lock; deleted ones stay as tombstones. */
final class InMemoryRows {
    private InMemoryRows() {}

    static final class StoredApplication {
        final ApplicationToken token;
        ApplicationName name;
        long chatsCount;
        final Instant createdAt;
        Instant updatedAt;
        final NavigableMap<Integer, StoredChat> chats = new TreeMap<>();

        StoredApplication(Application application) {
            token = application.token();
            name = application.name();
            createdAt = application.createdAt();
            updatedAt = application.updatedAt();
        }

        Application toApplication() {
            return new Application(token, name, chatsCount, createdAt, updatedAt);
        }
    }

    static final class StoredChat {
        final int number;
        final Instant createdAt;
        Instant updatedAt;
        boolean deleted;
        long messagesCount;
        /** The seq of the chat's latest change; the chat's deletion, once deleted. */
        long lastSeq;
        final NavigableMap<Integer, StoredMessage> messages = new TreeMap<>();
        /** Message numbers by the seq of their latest change: the compacted change feed. */
        final NavigableMap<Long, Integer> bySeq = new TreeMap<>();

        StoredChat(int number, Instant createdAt, boolean deleted) {
            this.number = number;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.deleted = deleted;
        }

        /** Gives the message its next seq, replacing its earlier one in the feed. */
        void changed(int number, StoredMessage message) {
            if (message.seq > 0) {
                bySeq.remove(message.seq);
            }
            message.seq = ++lastSeq;
            bySeq.put(message.seq, number);
        }

        Chat toChat() {
            return new Chat(new ChatNumber(number), messagesCount, createdAt, updatedAt);
        }
    }

    static final class StoredMessage {
        /** Null once the message or its chat is deleted: a tombstone keeps no text. */
        MessageBody body;
        final Optional<Sender> sender;
        final Instant createdAt;
        Instant updatedAt;
        boolean deleted;
        long version = 1;
        /** The seq of the message's latest change. */
        long seq;
        final long position;

        StoredMessage(Optional<Sender> sender, MessageBody body, Instant createdAt, long position) {
            this.sender = sender;
            this.position = position;
            this.body = body;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        Message toMessage(ChatNumber chat, int number) {
            return new Message(chat, new MessageNumber(number), sender, body, createdAt, updatedAt);
        }
    }
}

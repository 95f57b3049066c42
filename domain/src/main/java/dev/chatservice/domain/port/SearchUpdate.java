package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Sender;
import java.util.Objects;
import java.util.Optional;

/**
 * A change the search index must follow. Message changes carry the row's version, so a stale change that
 * arrives late never overwrites a newer one.
 */
public sealed interface SearchUpdate {

    /** The message, written by {@code sender} if known, now reads {@code body}, at {@code version}. */
    record IndexMessage(MessageRef message, Optional<Sender> sender, MessageBody body, long version)
            implements SearchUpdate {
        public IndexMessage {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(body, "body");
        }

        /** A message without a sender. */
        public IndexMessage(MessageRef message, MessageBody body, long version) {
            this(message, Optional.empty(), body, version);
        }
    }

    /** The message was deleted at {@code version}. */
    record RemoveMessage(MessageRef message, long version) implements SearchUpdate {
        public RemoveMessage {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The chat was deleted with all its messages. */
    record RemoveChat(ChatRef chat) implements SearchUpdate {
        public RemoveChat {
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** The application was deleted with all its chats. */
    record RemoveApplication(ApplicationToken application) implements SearchUpdate {
        public RemoveApplication {
            Objects.requireNonNull(application, "application");
        }
    }
}

package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import java.util.Objects;

/**
 * What the ledger committed, as announced to the nodes that serve live streams: which chat changed, and up to
 * which change. A signal carries no content on purpose. A node that receives one reads the chat's change feed
 * after the last change it sent, so what it sends is always committed, in order, and complete, whether or not
 * every signal arrives.
 */
public sealed interface ChangeSignal {

    ApplicationToken application();

    ChatNumber chat();

    /** The ledger created the chat. */
    record ChatCreated(ApplicationToken application, ChatNumber chat) implements ChangeSignal {
        public ChatCreated {
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** The chat's messages, or the chat itself, changed; {@code seq} is the chat's latest change now. */
    record ChatChanged(ApplicationToken application, ChatNumber chat, long seq) implements ChangeSignal {
        public ChatChanged {
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(chat, "chat");
            if (seq < 1) {
                throw new IllegalArgumentException("seq must be positive, got " + seq);
            }
        }
    }
}

package dev.chatservice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.SearchHit;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API; field names become snake_case, and no internal id ever appears. */
final class Views {
    private Views() {}

    record ApplicationView(String token, String name, long chatsCount, Instant createdAt, Instant updatedAt) {
        static ApplicationView of(Application a) {
            return new ApplicationView(a.token().value(), a.name().value(), a.chatsCount(), a.createdAt(),
                    a.updatedAt());
        }
    }

    record ChatView(int number, long messagesCount, Instant createdAt, Instant updatedAt) {
        static ChatView of(Chat c) {
            return new ChatView(c.number().value(), c.messagesCount(), c.createdAt(), c.updatedAt());
        }
    }

    /** {@code sender} is null for a message posted without one, as every message before senders existed. */
    record MessageView(int number, int chatNumber, String sender, String body, Instant createdAt,
                       Instant updatedAt) {
        static MessageView of(Message m) {
            return new MessageView(m.number().value(), m.chatNumber().value(),
                    m.sender().map(Sender::value).orElse(null), m.body().value(), m.createdAt(), m.updatedAt());
        }
    }

    /** A deleted message in the change feed: no body, only which message and when. */
    record DeletedMessageView(int number, int chatNumber, Instant deletedAt) {}

    /**
     * One change feed item: {@code message} for a message's change (a {@link MessageView}, or a
     * {@link DeletedMessageView} for a deletion), {@code chat_number} and {@code deleted_at} for a chat's deletion.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChangeView(long seq, String type, Object message, Integer chatNumber, Instant deletedAt) {
        static ChangeView of(ChatChange change) {
            return switch (change.kind()) {
                case MESSAGE_CREATED -> new ChangeView(change.seq(), "message.created",
                        MessageView.of(change.message().orElseThrow()), null, null);
                case MESSAGE_UPDATED -> new ChangeView(change.seq(), "message.updated",
                        MessageView.of(change.message().orElseThrow()), null, null);
                case MESSAGE_DELETED -> new ChangeView(change.seq(), "message.deleted", new DeletedMessageView(
                        change.number().orElseThrow().value(), change.chat().value(), change.at()), null, null);
                case CHAT_DELETED -> new ChangeView(change.seq(), "chat.deleted", null, change.chat().value(),
                        change.at());
            };
        }
    }

    /** A change feed page: {@code next_since} is where to go on, the last item's seq (or the request's since). */
    record ChangesView(List<ChangeView> items, long nextSince) {}

    /** What an accepted update will make of the message. */
    record MessageUpdateView(int number, int chatNumber, String body, Instant updatedAt) {}

    record HitView(int number, String sender, String body, String highlight) {
        static HitView of(SearchHit hit) {
            return new HitView(hit.number().value(), hit.sender().map(Sender::value).orElse(null),
                    hit.body().value(), hit.highlight());
        }
    }

    /** A keyset page: {@code next_cursor} is null on the last page. */
    record PageView<T>(List<T> items, String nextCursor) {}

    /** RFC 9457 problem details, with {@code field} naming the offending input where there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String type, String title, int status, String detail, String instance, String field) {}
}

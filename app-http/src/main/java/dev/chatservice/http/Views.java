package dev.chatservice.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.Message;
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

    record MessageView(int number, int chatNumber, String body, Instant createdAt, Instant updatedAt) {
        static MessageView of(Message m) {
            return new MessageView(m.number().value(), m.chatNumber().value(), m.body().value(), m.createdAt(),
                    m.updatedAt());
        }
    }

    /** What an accepted update will make of the message. */
    record MessageUpdateView(int number, int chatNumber, String body, Instant updatedAt) {}

    record HitView(int number, String body, String highlight) {
        static HitView of(SearchHit hit) {
            return new HitView(hit.number().value(), hit.body().value(), hit.highlight());
        }
    }

    /** A keyset page: {@code next_cursor} is null on the last page. */
    record PageView<T>(List<T> items, String nextCursor) {}

    /** RFC 9457 problem details, with {@code field} naming the offending input where there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String type, String title, int status, String detail, String instance, String field) {}
}

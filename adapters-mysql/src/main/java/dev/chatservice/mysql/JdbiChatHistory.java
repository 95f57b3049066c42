package dev.chatservice.mysql;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ChatHistory;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@link ChatHistory} on MySQL 8.4 or MariaDB 10.11, through JDBI; every read is bounded for the API. */
public final class JdbiChatHistory implements ChatHistory {

    // The queries are visible to the package so that QueryPlanTest can EXPLAIN them.
    static final String FIND_CHAT = """
            SELECT c.chat_number, c.messages_count, c.created_at, c.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE""";

    static final String LIST_CHATS = """
            SELECT c.chat_number, c.messages_count, c.created_at, c.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            WHERE a.token = :token AND c.chat_number > :after AND c.deleted = FALSE
            ORDER BY c.chat_number
            LIMIT :limit""";

    static final String LIST_CHATS_DOWN = """
            SELECT c.chat_number, c.messages_count, c.created_at, c.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            WHERE a.token = :token AND c.chat_number < :before AND c.deleted = FALSE
            ORDER BY c.chat_number DESC
            LIMIT :limit""";

    // FIND_MESSAGE and LIST_MESSAGES select the columns Rows.message reads by position, in its order.
    static final String FIND_MESSAGE = """
            SELECT c.chat_number, m.message_number, m.body, m.created_at, m.updated_at, m.sender
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            JOIN messages m ON m.chat_id = c.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE
              AND m.message_number = :message AND m.deleted = FALSE""";

    static final String LIST_MESSAGES = """
            SELECT c.chat_number, m.message_number, m.body, m.created_at, m.updated_at, m.sender
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            JOIN messages m ON m.chat_id = c.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE
              AND m.message_number > :after AND m.deleted = FALSE
            ORDER BY m.message_number
            LIMIT :limit""";

    static final String LIST_MESSAGES_DOWN = """
            SELECT c.chat_number, m.message_number, m.body, m.created_at, m.updated_at, m.sender
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            JOIN messages m ON m.chat_id = c.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE
              AND m.message_number < :before AND m.deleted = FALSE
            ORDER BY m.message_number DESC
            LIMIT :limit""";

    private final JdbiCalls calls;

    public JdbiChatHistory(Jdbi jdbi) {
        this.calls = new JdbiCalls(jdbi);
    }

    @Override
    public Optional<Chat> findChat(ChatRef chat) {
        return calls.read(handle -> handle.createQuery(FIND_CHAT)
                .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                .map((rs, ctx) -> Rows.chat(rs)).findOne());
    }

    @Override
    public Page<Chat> listChats(ApplicationToken application, PageRequest page) {
        boolean up = page.direction() == PageRequest.Direction.UP;
        List<Chat> fetched = calls.read(handle -> handle.createQuery(up ? LIST_CHATS : LIST_CHATS_DOWN)
                .bind("token", application.value()).bind(up ? "after" : "before", page.from())
                .bind("limit", page.limit() + 1)
                .map((rs, ctx) -> Rows.chat(rs)).list());
        return Page.fromOverfetch(fetched, page.limit(), c -> c.number().value());
    }

    @Override
    public Optional<Message> findMessage(MessageRef message) {
        return calls.read(handle -> handle.createQuery(FIND_MESSAGE)
                .bind("token", message.chat().application().value()).bind("chat", message.chat().chat().value())
                .bind("message", message.message().value())
                .map((rs, ctx) -> Rows.message(rs)).findOne());
    }

    @Override
    public Page<Message> listMessages(ChatRef chat, PageRequest page) {
        boolean up = page.direction() == PageRequest.Direction.UP;
        List<Message> fetched = calls.read(handle -> handle.createQuery(up ? LIST_MESSAGES : LIST_MESSAGES_DOWN)
                .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                .bind(up ? "after" : "before", page.from()).bind("limit", page.limit() + 1)
                .map((rs, ctx) -> Rows.message(rs)).list());
        return Page.fromOverfetch(fetched, page.limit(), m -> m.number().value());
    }
}

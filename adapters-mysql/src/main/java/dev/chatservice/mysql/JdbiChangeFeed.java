package dev.chatservice.mysql;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatChange.Kind;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.port.ChangeFeed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@link ChangeFeed} on MySQL 8.4 or MariaDB 10.11, through JDBI: each message row keeps the seq of its
 * latest change, so the compacted feed is one range of the (chat_id, seq) index.
 */
public final class JdbiChangeFeed implements ChangeFeed {

    // Visible to the package so that QueryPlanTest can EXPLAIN them.
    static final String CHAT = """
            SELECT c.id, c.deleted, c.last_seq, c.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            WHERE a.token = :token AND c.chat_number = :chat""";

    // The chat's deleted flag is read again in the same statement, so that a deletion committed since CHAT was
    // read (which erases the bodies) yields no rows rather than a message without its body.
    static final String CHANGES = """
            SELECT m.seq, m.message_number, m.body, m.version, m.deleted, m.created_at, m.updated_at, m.sender
            FROM chats c
            JOIN messages m ON m.chat_id = c.id
            WHERE c.id = :chat AND c.deleted = FALSE AND m.seq > :since
            ORDER BY m.seq
            LIMIT :limit""";

    private record ChatRow(long id, boolean deleted, long lastSeq, Instant updatedAt) {}

    private final JdbiCalls calls;

    public JdbiChangeFeed(Jdbi jdbi) {
        this.calls = new JdbiCalls(jdbi);
    }

    @Override
    public List<ChatChange> changesSince(ChatRef chat, long since, int limit) {
        return calls.read(handle -> {
            Optional<ChatRow> row = chatRow(handle, chat);
            if (row.isEmpty() || since >= row.get().lastSeq()) {
                return List.of();
            }
            if (row.get().deleted()) {
                // The deletion supersedes every change of its messages, whose bodies are gone with it.
                return List.of(new ChatChange(row.get().lastSeq(), Kind.CHAT_DELETED, chat.chat(),
                        Optional.empty(), Optional.empty(), row.get().updatedAt()));
            }
            return handle.createQuery(CHANGES)
                    .bind("chat", row.get().id()).bind("since", since).bind("limit", limit)
                    .map((rs, ctx) -> change(rs, chat.chat())).list();
        });
    }

    @Override
    public long latestSeq(ChatRef chat) {
        return calls.read(handle -> chatRow(handle, chat).map(ChatRow::lastSeq).orElse(0L));
    }

    private static Optional<ChatRow> chatRow(org.jdbi.v3.core.Handle handle, ChatRef chat) {
        return handle.createQuery(CHAT)
                .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                .map((rs, ctx) -> new ChatRow(rs.getLong("id"), rs.getBoolean("deleted"), rs.getLong("last_seq"),
                        Rows.instant(rs, "updated_at")))
                .findOne();
    }

    private static ChatChange change(ResultSet rs, ChatNumber chat) throws SQLException {
        long seq = rs.getLong("seq");
        MessageNumber number = new MessageNumber(rs.getInt("message_number"));
        Instant updatedAt = Rows.instant(rs, "updated_at");
        if (rs.getBoolean("deleted")) {
            return new ChatChange(seq, Kind.MESSAGE_DELETED, chat, Optional.of(number), Optional.empty(), updatedAt);
        }
        Message message = new Message(chat, number, Rows.sender(rs.getString("sender")),
                new MessageBody(rs.getString("body")),
                Rows.instant(rs, "created_at"), updatedAt);
        return new ChatChange(seq, rs.getLong("version") == 1 ? Kind.MESSAGE_CREATED : Kind.MESSAGE_UPDATED, chat,
                Optional.of(number), Optional.of(message), updatedAt);
    }
}

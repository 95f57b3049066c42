package dev.chatservice.mysql;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Reads and writes the search_outbox table, one row per {@link SearchUpdate}. */
final class SearchOutbox {

    static final String PENDING = """
            SELECT id, kind, application_token, chat_number, message_number, sender, body, version, accepted_at
            FROM search_outbox
            ORDER BY id
            LIMIT :limit""";

    private static final String APPEND = """
            INSERT INTO search_outbox
                (kind, application_token, chat_number, message_number, sender, body, version, accepted_at)
            VALUES (:kind, :token, :chat, :message, :sender, :body, :version, :acceptedAt)""";

    private SearchOutbox() {}

    /** A search update to record, with the time its cause was accepted. */
    record Entry(SearchUpdate update, Instant acceptedAt) {}

    /** Appends updates in order; a multi-row insert numbers its rows in that order. */
    static void append(Handle handle, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(APPEND);
        for (Entry entry : entries) {
            SearchUpdate update = entry.update();
            String sender = update instanceof SearchUpdate.IndexMessage index ? Rows.sender(index.sender()) : null;
            batch.bind("acceptedAt", Rows.utc(entry.acceptedAt())).bind("sender", sender);
            if (update instanceof SearchUpdate.IndexMessage index) {
                add(batch, "index", index.message().chat(), index.message().message().value(),
                        index.body().value(), index.version());
            } else if (update instanceof SearchUpdate.RemoveMessage remove) {
                add(batch, "remove_message", remove.message().chat(), remove.message().message().value(),
                        null, remove.version());
            } else if (update instanceof SearchUpdate.RemoveChat remove) {
                add(batch, "remove_chat", remove.chat(), null, null, null);
            } else if (update instanceof SearchUpdate.RemoveApplication remove) {
                batch.bind("kind", "remove_application").bind("token", remove.application().value())
                        .bind("chat", (Integer) null).bind("message", (Integer) null)
                        .bind("body", (String) null).bind("version", (Long) null).add();
            }
        }
        batch.execute();
    }

    static List<PendingIndexing> pending(Handle handle, int limit) {
        return handle.createQuery(PENDING).bind("limit", limit).map((rs, ctx) -> toPending(rs)).list();
    }

    static void complete(Handle handle, List<Long> ids) {
        if (!ids.isEmpty()) {
            handle.createUpdate("DELETE FROM search_outbox WHERE id IN (<ids>)").bindList("ids", ids).execute();
        }
    }

    private static void add(PreparedBatch batch, String kind, ChatRef chat, Integer message, String body,
                            Long version) {
        batch.bind("kind", kind)
                .bind("token", chat.application().value())
                .bind("chat", chat.chat().value())
                .bind("message", message)
                .bind("body", body)
                .bind("version", version)
                .add();
    }

    private static PendingIndexing toPending(ResultSet rs) throws SQLException {
        ApplicationToken token = new ApplicationToken(rs.getString("application_token"));
        String kind = rs.getString("kind");
        SearchUpdate update;
        if (kind.equals("remove_application")) {
            update = new SearchUpdate.RemoveApplication(token);
        } else {
            ChatRef chat = new ChatRef(token, new ChatNumber(rs.getInt("chat_number")));
            if (kind.equals("remove_chat")) {
                update = new SearchUpdate.RemoveChat(chat);
            } else {
                MessageRef message = new MessageRef(chat, new MessageNumber(rs.getInt("message_number")));
                update = kind.equals("index")
                        ? new SearchUpdate.IndexMessage(message, Rows.sender(rs.getString("sender")),
                                new MessageBody(rs.getString("body")),
                                rs.getLong("version"))
                        : new SearchUpdate.RemoveMessage(message, rs.getLong("version"));
            }
        }
        // Rows from before accepted_at existed count as accepted when read: their lag is unknown.
        Instant acceptedAt = rs.getObject("accepted_at") == null ? Instant.now() : Rows.instant(rs, "accepted_at");
        return new PendingIndexing(rs.getLong("id"), update, acceptedAt);
    }
}

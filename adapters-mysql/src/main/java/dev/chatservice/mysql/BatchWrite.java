package dev.chatservice.mysql;

import dev.chatservice.mysql.BatchRows.ChatState;
import dev.chatservice.mysql.BatchRows.MessageState;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Stores what {@link BatchReplay} changed: one batched statement per table, then the outbox. A deleted message's
 * row stays as a tombstone, but only with what ordering and idempotency need (its number, version and the
 * deleted flag): its body is erased, and so are the bodies of every message of a deleted chat.
 */
final class BatchWrite {
    private final Handle handle;
    private final BatchRows rows;

    BatchWrite(Handle handle, BatchRows rows) {
        this.handle = handle;
        this.rows = rows;
    }

    void write() {
        PreparedBatch insertMessages = handle.prepareBatch("""
                INSERT INTO messages
                    (chat_id, message_number, sender, body, version, deleted, created_at, updated_at, seq)
                VALUES (:chat, :number, :sender, :body, :version, :deleted, :createdAt, :updatedAt, :seq)
                ON DUPLICATE KEY UPDATE id = id""");
        PreparedBatch updateMessages = handle.prepareBatch("""
                UPDATE messages SET body = :body, version = :version, deleted = :deleted, updated_at = :updatedAt,
                    seq = :seq
                WHERE id = :id""");
        PreparedBatch eraseChatBodies = handle.prepareBatch(
                "UPDATE messages SET body = '' WHERE chat_id = :chat AND body <> ''");
        PreparedBatch updateChats = handle.prepareBatch("""
                UPDATE chats SET deleted = :deleted, updated_at = :updatedAt,
                    messages_count = messages_count + :delta, last_seq = :lastSeq
                WHERE id = :id""");
        for (ChatState chat : rows.chats.values()) {
            chat.messages.forEach((number, message) -> {
                if (message.id == null) {
                    insertMessages.bind("chat", chat.id).bind("number", number).bind("sender", message.sender)
                            .bind("body", stored(message))
                            .bind("version", message.version).bind("deleted", message.deleted)
                            .bind("createdAt", Rows.utc(message.createdAt))
                            .bind("updatedAt", Rows.utc(message.updatedAt)).bind("seq", message.seq).add();
                } else if (message.changed) {
                    updateMessages.bind("id", message.id).bind("body", stored(message))
                            .bind("version", message.version).bind("deleted", message.deleted)
                            .bind("updatedAt", Rows.utc(message.updatedAt)).bind("seq", message.seq).add();
                }
            });
            if (chat.deletedNow) {
                eraseChatBodies.bind("chat", chat.id).add();
            }
            if (chat.deletedNow || chat.messagesCountDelta != 0 || chat.lastSeq != chat.lastSeqRead) {
                updateChats.bind("id", chat.id).bind("deleted", chat.deleted)
                        .bind("updatedAt", Rows.utc(chat.updatedAt)).bind("delta", chat.messagesCountDelta)
                        .bind("lastSeq", chat.lastSeq).add();
            }
        }
        PreparedBatch updateApplications = handle.prepareBatch(
                "UPDATE applications SET chats_count = chats_count + :delta WHERE id = :id");
        rows.chatsCountDeltas.forEach((id, delta) -> {
            if (delta != 0) {
                updateApplications.bind("id", id).bind("delta", delta).add();
            }
        });
        PreparedBatch insertApplied = handle.prepareBatch("""
                INSERT INTO applied_updates (chat_id, update_id, applied_at) VALUES (:chat, :id, :at)
                ON DUPLICATE KEY UPDATE chat_id = chat_id""");
        rows.newlyApplied.forEach(u -> insertApplied.bind("chat", u.chatId()).bind("id", Rows.bytes(u.id()))
                .bind("at", Rows.utc(u.at())).add());
        for (PreparedBatch statement : List.of(insertMessages, updateMessages, eraseChatBodies, updateChats,
                updateApplications, insertApplied)) {
            if (statement.size() > 0) {
                statement.execute();
            }
        }
        SearchOutbox.append(handle, rows.outbox);
    }

    /** The body a row keeps: none once deleted, since a tombstone only guards order and idempotency. */
    private static String stored(MessageState message) {
        return message.deleted ? "" : message.body;
    }
}

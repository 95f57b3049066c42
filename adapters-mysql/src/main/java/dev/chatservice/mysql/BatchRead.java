package dev.chatservice.mysql;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.mysql.BatchRows.ChatState;
import dev.chatservice.mysql.BatchRows.MessageState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads what a batch touches into {@link BatchRows}, taking the locks in the order {@link BatchApply}
 * describes, and inserts the chats its commands create implicitly.
 */
final class BatchRead {
    private final Handle handle;
    private final BatchRows rows;

    private record ChatRow(long id, long applicationId, int number, boolean deleted, Instant updatedAt,
                           long lastSeq) {}

    BatchRead(Handle handle, BatchRows rows) {
        this.handle = handle;
        this.rows = rows;
    }

    void findApplications(List<Command> batch) {
        List<String> tokens = batch.stream().map(c -> c.chat().application().value()).distinct().toList();
        handle.createQuery("SELECT id, token FROM applications WHERE token IN (<tokens>)")
                .bindList("tokens", tokens)
                .map((rs, ctx) -> Map.entry(new ApplicationToken(rs.getString("token")), rs.getLong("id")))
                .forEach(e -> rows.applications.put(e.getKey(), e.getValue()));
    }

    /**
     * Inserts the chats a command would create implicitly. Only a holder of the application's row lock
     * creates or deletes chats, so after taking it the chats found missing are exactly the ones inserted.
     */
    void createMissingChats(List<Command> known, Set<ChatRef> refs) {
        Map<ChatRef, ChatRow> seen = readChats(refs, false);
        Map<ChatRef, Instant> creatable = new LinkedHashMap<>();
        Set<ChatRef> deleting = new HashSet<>();
        for (Command command : known) {
            if (command instanceof CreateChatCommand || command instanceof CreateMessageCommand
                    || command instanceof DeleteChatCommand) {
                creatable.putIfAbsent(command.chat(), command.acceptedAt());
            }
            if (command instanceof DeleteChatCommand) {
                deleting.add(command.chat());
            }
        }
        Set<Long> toLock = new HashSet<>();
        creatable.keySet().forEach(ref -> {
            ChatRow row = seen.get(ref);
            if (row == null || (!row.deleted() && deleting.contains(ref))) {
                toLock.add(rows.applications.get(ref.application()));
            }
        });
        if (toLock.isEmpty()) {
            return;
        }
        Set<Long> locked = new HashSet<>(handle.createQuery(
                        "SELECT id FROM applications WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(toLock)).mapTo(Long.class).list());
        rows.applications.values().removeIf(id -> toLock.contains(id) && !locked.contains(id));
        Map<ChatRef, ChatRow> existing = readChats(refs, false);
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO chats (application_id, chat_number, created_at, updated_at)
                VALUES (:application, :chat, :at, :at)
                ON DUPLICATE KEY UPDATE id = id""");
        creatable.forEach((ref, at) -> {
            Long application = rows.applications.get(ref.application());
            if (application != null && locked.contains(application) && !existing.containsKey(ref)) {
                insert.bind("application", application).bind("chat", ref.chat().value())
                        .bind("at", Rows.utc(at)).add();
                rows.createdChats.add(ref);
                rows.chatsCountDeltas.merge(application, 1L, Long::sum);
            }
        });
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    void lockChats(Set<ChatRef> refs) {
        readChats(refs, true).forEach((ref, row) ->
                rows.chats.put(ref, new ChatState(row.id(), ref, row.deleted(), row.updatedAt(),
                        row.lastSeq())));
    }

    /** Chats by (application, number), grouped per application so that a lock never covers another's chat. */
    private Map<ChatRef, ChatRow> readChats(Set<ChatRef> refs, boolean lock) {
        Map<Long, List<Integer>> numbers = new TreeMap<>();
        for (ChatRef ref : refs) {
            Long application = rows.applications.get(ref.application());
            if (application != null) {
                numbers.computeIfAbsent(application, a -> new ArrayList<>()).add(ref.chat().value());
            }
        }
        Map<ChatRef, ChatRow> found = new HashMap<>();
        if (numbers.isEmpty()) {
            return found;
        }
        Map<Long, ApplicationToken> tokens = rows.applications.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        // Forcing the index keeps a locking read from scanning, and so waiting on, other workers' chats
        // while the table is still too small for the optimizer to prefer the index by itself.
        groupedQuery("""
                SELECT id, application_id, chat_number, deleted, updated_at, last_seq
                FROM chats FORCE INDEX (uk_chats_application_number)
                WHERE %s""" + (lock ? " FOR UPDATE" : ""),
                "application_id", "chat_number", numbers,
                rs -> new ChatRow(rs.getLong("id"), rs.getLong("application_id"),
                        rs.getInt("chat_number"), rs.getBoolean("deleted"), Rows.instant(rs, "updated_at"),
                        rs.getLong("last_seq")))
                .forEach(row -> found.put(new ChatRef(tokens.get(row.applicationId()),
                        new ChatNumber(row.number())), row));
        return found;
    }

    void loadMessages(List<Command> known) {
        Map<Long, List<Integer>> numbers = new TreeMap<>();
        for (Command command : known) {
            ChatState chat = rows.chats.get(command.chat());
            Integer number = messageNumber(command);
            if (chat != null && !chat.deleted && number != null) {
                numbers.computeIfAbsent(chat.id, c -> new ArrayList<>()).add(number);
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        Map<Long, ChatState> byId = rows.chats.values().stream().collect(Collectors.toMap(c -> c.id, c -> c));
        groupedQuery("""
                SELECT id, chat_id, message_number, sender, body, version, deleted, created_at, updated_at
                FROM messages
                WHERE %s""", "chat_id", "message_number", numbers,
                rs -> Map.entry(rs.getLong("chat_id"), Map.entry(rs.getInt("message_number"),
                        new MessageState(rs.getLong("id"), rs.getString("sender"), rs.getString("body"),
                                rs.getLong("version"),
                                rs.getBoolean("deleted"), Rows.instant(rs, "created_at"),
                                Rows.instant(rs, "updated_at")))))
                .forEach(e -> byId.get(e.getKey()).messages.put(e.getValue().getKey(), e.getValue().getValue()));
    }

    void loadAppliedUpdates(List<Command> known) {
        Map<UUID, ChatState> updates = new HashMap<>();
        for (Command command : known) {
            ChatState chat = rows.chats.get(command.chat());
            if (command instanceof UpdateMessageCommand update && chat != null) {
                updates.put(update.id(), chat);
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        // A UUID belongs to one chat, so crossing the two lists cannot match a foreign pair.
        handle.createQuery("""
                        SELECT update_id FROM applied_updates
                        WHERE chat_id IN (<chats>) AND update_id IN (<ids>)""")
                .bindList("chats", updates.values().stream().map(c -> c.id).distinct().toList())
                .bindList("ids", updates.keySet().stream().map(Rows::bytes).toList())
                .map((rs, ctx) -> Rows.uuid(rs.getBytes("update_id")))
                .forEach(id -> updates.get(id).appliedUpdates.add(id));
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * {@code WHERE (parent = ? AND child IN (?, ...)) OR (parent = ? AND ...)}: one index range per parent.
     * Run with JDBC's own placeholders on the handle's connection, not through JDBI: the text differs from batch
     * to batch, and JDBI lexes every text it has not cached with its ANTLR grammar, which was the largest part
     * of a worker's CPU in a profiled drain (docs/performance/optimisations.md).
     */
    private <T> List<T> groupedQuery(String template, String parentColumn, String childColumn,
                                     Map<Long, List<Integer>> children, RowReader<T> reader) {
        StringJoiner where = new StringJoiner(" OR ");
        for (List<Integer> list : children.values()) {
            where.add("(" + parentColumn + " = ? AND " + childColumn + " IN (?" + ", ?".repeat(list.size() - 1)
                    + "))");
        }
        String sql = String.format(template, where);
        try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
            int parameter = 1;
            for (Map.Entry<Long, List<Integer>> e : children.entrySet()) {
                statement.setLong(parameter++, e.getKey());
                for (int child : e.getValue()) {
                    statement.setInt(parameter++, child);
                }
            }
            List<T> found = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(reader.read(rs));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("reading a batch's rows failed: " + sql, e, null);
        }
    }

    private static Integer messageNumber(Command command) {
        if (command instanceof CreateMessageCommand create) {
            return create.message().message().value();
        } else if (command instanceof UpdateMessageCommand update) {
            return update.message().message().value();
        } else if (command instanceof DeleteMessageCommand delete) {
            return delete.message().message().value();
        }
        return null;
    }
}

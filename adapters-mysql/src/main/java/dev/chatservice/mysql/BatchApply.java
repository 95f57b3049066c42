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
import dev.chatservice.domain.port.SearchUpdate;
import java.nio.ByteBuffer;
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
import org.jdbi.v3.core.statement.Query;

/** Runs one {@code apply} transaction: read what the batch touches, replay it in memory, write the outcome. */
final class BatchApply {
    /*
     * Replaying in memory with the in-memory repository's rules keeps a 500-command batch to a dozen round
     * trips: a few reads, then one batched statement per table.
     *
     * Locks, always in this order: the application rows whose chats_count changes (by id), then the batch's
     * chat rows. Every writer of a chat's messages holds that chat's row lock and every writer of a
     * chats_count holds the application's, so what is read under them cannot change before commit, and what
     * this transaction inserted is known from those reads rather than from driver update counts (which
     * rewriteBatchedStatements makes unreliable). Holding the application lock before inserting a chat also
     * avoids the classic deadlock of two inserts taking the foreign key's shared lock on the application and
     * then both asking for an exclusive one to bump chats_count.
     */

    private final Handle handle;
    private final List<Command> batch;
    private final Map<ApplicationToken, Long> applications = new HashMap<>();
    private final Map<ChatRef, ChatState> chats = new LinkedHashMap<>();
    private final Map<Long, Long> chatsCountDeltas = new TreeMap<>();
    private final List<SearchOutbox.Entry> outbox = new ArrayList<>();
    private final List<AppliedUpdate> newlyApplied = new ArrayList<>();

    private record AppliedUpdate(long chatId, UUID id, Instant at) {}

    private static final class ChatState {
        final long id;
        final ChatRef ref;
        boolean deleted;
        boolean deletedNow;
        Instant updatedAt;
        long messagesCountDelta;
        final Map<Integer, MessageState> messages = new HashMap<>();
        final Set<UUID> appliedUpdates = new HashSet<>();

        ChatState(long id, ChatRef ref, boolean deleted, Instant updatedAt) {
            this.id = id;
            this.ref = ref;
            this.deleted = deleted;
            this.updatedAt = updatedAt;
        }
    }

    private static final class MessageState {
        final Long id; // null until inserted by this batch
        String body;
        long version;
        boolean deleted;
        final Instant createdAt;
        Instant updatedAt;
        boolean changed;

        MessageState(Long id, String body, long version, boolean deleted, Instant createdAt, Instant updatedAt) {
            this.id = id;
            this.body = body;
            this.version = version;
            this.deleted = deleted;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }
    }

    private record ChatRow(long id, long applicationId, int number, boolean deleted, Instant updatedAt) {}

    BatchApply(Handle handle, List<Command> batch) {
        this.handle = handle;
        this.batch = batch;
    }

    void run() {
        findApplications();
        List<Command> known = batch.stream().filter(c -> applications.containsKey(c.chat().application())).toList();
        if (known.isEmpty()) {
            return; // deleted with everything in it; the commands came too late
        }
        Set<ChatRef> refs = known.stream().map(Command::chat).collect(Collectors.toCollection(HashSet::new));
        createMissingChats(known, refs);
        lockChats(refs);
        loadMessages(known);
        loadAppliedUpdates(known);
        for (Command command : known) {
            replay(command);
        }
        write();
    }

    private void findApplications() {
        List<String> tokens = batch.stream().map(c -> c.chat().application().value()).distinct().toList();
        handle.createQuery("SELECT id, token FROM applications WHERE token IN (<tokens>)")
                .bindList("tokens", tokens)
                .map((rs, ctx) -> Map.entry(new ApplicationToken(rs.getString("token")), rs.getLong("id")))
                .forEach(e -> applications.put(e.getKey(), e.getValue()));
    }

    /**
     * Inserts the chats a command would create implicitly. Only a holder of the application's row lock
     * creates or deletes chats, so after taking it the chats found missing are exactly the ones inserted.
     */
    private void createMissingChats(List<Command> known, Set<ChatRef> refs) {
        Map<ChatRef, ChatRow> seen = readChats(refs, false);
        Map<ChatRef, Instant> creatable = new LinkedHashMap<>();
        Set<ChatRef> deleting = new HashSet<>();
        for (Command command : known) {
            if (command instanceof CreateChatCommand || command instanceof CreateMessageCommand || command instanceof DeleteChatCommand) {
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
                toLock.add(applications.get(ref.application()));
            }
        });
        if (toLock.isEmpty()) {
            return;
        }
        Set<Long> locked = new HashSet<>(handle.createQuery(
                        "SELECT id FROM applications WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(toLock)).mapTo(Long.class).list());
        applications.values().removeIf(id -> toLock.contains(id) && !locked.contains(id));
        Map<ChatRef, ChatRow> existing = readChats(refs, false);
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO chats (application_id, chat_number, created_at, updated_at)
                VALUES (:application, :chat, :at, :at)
                ON DUPLICATE KEY UPDATE id = id""");
        creatable.forEach((ref, at) -> {
            Long application = applications.get(ref.application());
            if (application != null && locked.contains(application) && !existing.containsKey(ref)) {
                insert.bind("application", application).bind("chat", ref.chat().value())
                        .bind("at", Rows.utc(at)).add();
                chatsCountDeltas.merge(application, 1L, Long::sum);
            }
        });
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    private void lockChats(Set<ChatRef> refs) {
        readChats(refs, true).forEach((ref, row) ->
                chats.put(ref, new ChatState(row.id(), ref, row.deleted(), row.updatedAt())));
    }

    /** Chats by (application, number), grouped per application so that a lock never covers another's chat. */
    private Map<ChatRef, ChatRow> readChats(Set<ChatRef> refs, boolean lock) {
        Map<Long, List<Integer>> numbers = new TreeMap<>();
        for (ChatRef ref : refs) {
            Long application = applications.get(ref.application());
            if (application != null) {
                numbers.computeIfAbsent(application, a -> new ArrayList<>()).add(ref.chat().value());
            }
        }
        Map<ChatRef, ChatRow> found = new HashMap<>();
        if (numbers.isEmpty()) {
            return found;
        }
        Map<Long, ApplicationToken> tokens = applications.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        // Forcing the index keeps a locking read from scanning, and so waiting on, other workers' chats
        // while the table is still too small for the optimizer to prefer the index by itself.
        Query query = groupedQuery("""
                SELECT id, application_id, chat_number, deleted, updated_at
                FROM chats FORCE INDEX (uk_chats_application_number)
                WHERE %s""" + (lock ? " FOR UPDATE" : ""),
                "application_id", "chat_number", numbers);
        query.map((rs, ctx) -> new ChatRow(rs.getLong("id"), rs.getLong("application_id"),
                        rs.getInt("chat_number"), rs.getBoolean("deleted"), Rows.instant(rs, "updated_at")))
                .forEach(row -> found.put(new ChatRef(tokens.get(row.applicationId()),
                        new ChatNumber(row.number())), row));
        return found;
    }

    private void loadMessages(List<Command> known) {
        Map<Long, List<Integer>> numbers = new TreeMap<>();
        for (Command command : known) {
            ChatState chat = chats.get(command.chat());
            Integer number = messageNumber(command);
            if (chat != null && !chat.deleted && number != null) {
                numbers.computeIfAbsent(chat.id, c -> new ArrayList<>()).add(number);
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        Map<Long, ChatState> byId = chats.values().stream().collect(Collectors.toMap(c -> c.id, c -> c));
        groupedQuery("""
                SELECT id, chat_id, message_number, body, version, deleted, created_at, updated_at FROM messages
                WHERE %s""", "chat_id", "message_number", numbers)
                .map((rs, ctx) -> Map.entry(rs.getLong("chat_id"), Map.entry(rs.getInt("message_number"),
                        new MessageState(rs.getLong("id"), rs.getString("body"), rs.getLong("version"),
                                rs.getBoolean("deleted"), Rows.instant(rs, "created_at"),
                                Rows.instant(rs, "updated_at")))))
                .forEach(e -> byId.get(e.getKey()).messages.put(e.getValue().getKey(), e.getValue().getValue()));
    }

    private void loadAppliedUpdates(List<Command> known) {
        Map<UUID, ChatState> updates = new HashMap<>();
        for (Command command : known) {
            ChatState chat = chats.get(command.chat());
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
                .bindList("ids", updates.keySet().stream().map(BatchApply::bytes).toList())
                .map((rs, ctx) -> uuid(rs.getBytes("update_id")))
                .forEach(id -> updates.get(id).appliedUpdates.add(id));
    }

    /** The same rules as the in-memory repository, applied to the rows read above. */
    private void replay(Command command) {
        ChatState chat = chats.get(command.chat());
        if (chat == null) {
            return; // a chat only an update or delete of a message refers to: nothing to change
        }
        if (command instanceof CreateMessageCommand create) {
            int number = create.message().message().value();
            if (chat.deleted || chat.messages.containsKey(number)) {
                return;
            }
            MessageState message = new MessageState(null, create.body().value(), 1, false, create.acceptedAt(),
                    create.acceptedAt());
            chat.messages.put(number, message);
            chat.messagesCountDelta++;
            outbox.add(new SearchOutbox.Entry(new SearchUpdate.IndexMessage(create.message(), create.body(), 1),
                    create.acceptedAt()));
        } else if (command instanceof UpdateMessageCommand update) {
            if (!chat.appliedUpdates.add(update.id())) {
                return;
            }
            newlyApplied.add(new AppliedUpdate(chat.id, update.id(), update.acceptedAt()));
            MessageState message = liveMessage(chat, update.message().message().value());
            if (message != null) {
                message.body = update.body().value();
                message.updatedAt = update.acceptedAt();
                message.version++;
                message.changed = true;
                outbox.add(new SearchOutbox.Entry(
                        new SearchUpdate.IndexMessage(update.message(), update.body(), message.version),
                        update.acceptedAt()));
            }
        } else if (command instanceof DeleteMessageCommand delete) {
            MessageState message = liveMessage(chat, delete.message().message().value());
            if (message != null) {
                message.deleted = true;
                message.updatedAt = delete.acceptedAt();
                message.version++;
                message.changed = true;
                chat.messagesCountDelta--;
                outbox.add(new SearchOutbox.Entry(new SearchUpdate.RemoveMessage(delete.message(), message.version),
                        delete.acceptedAt()));
            }
        } else if (command instanceof DeleteChatCommand delete && !chat.deleted) {
            chat.deleted = true;
            chat.deletedNow = true;
            chat.updatedAt = delete.acceptedAt();
            chatsCountDeltas.merge(applications.get(chat.ref.application()), -1L, Long::sum);
            outbox.add(new SearchOutbox.Entry(new SearchUpdate.RemoveChat(delete.chat()), delete.acceptedAt()));
        }
    }

    private static MessageState liveMessage(ChatState chat, int number) {
        MessageState message = chat.messages.get(number);
        return chat.deleted || message == null || message.deleted ? null : message;
    }

    private void write() {
        PreparedBatch insertMessages = handle.prepareBatch("""
                INSERT INTO messages (chat_id, message_number, body, version, deleted, created_at, updated_at)
                VALUES (:chat, :number, :body, :version, :deleted, :createdAt, :updatedAt)
                ON DUPLICATE KEY UPDATE id = id""");
        PreparedBatch updateMessages = handle.prepareBatch("""
                UPDATE messages SET body = :body, version = :version, deleted = :deleted, updated_at = :updatedAt
                WHERE id = :id""");
        PreparedBatch updateChats = handle.prepareBatch("""
                UPDATE chats SET deleted = :deleted, updated_at = :updatedAt,
                    messages_count = messages_count + :delta
                WHERE id = :id""");
        for (ChatState chat : chats.values()) {
            chat.messages.forEach((number, message) -> {
                if (message.id == null) {
                    insertMessages.bind("chat", chat.id).bind("number", number).bind("body", message.body)
                            .bind("version", message.version).bind("deleted", message.deleted)
                            .bind("createdAt", Rows.utc(message.createdAt))
                            .bind("updatedAt", Rows.utc(message.updatedAt)).add();
                } else if (message.changed) {
                    updateMessages.bind("id", message.id).bind("body", message.body)
                            .bind("version", message.version).bind("deleted", message.deleted)
                            .bind("updatedAt", Rows.utc(message.updatedAt)).add();
                }
            });
            if (chat.deletedNow || chat.messagesCountDelta != 0) {
                updateChats.bind("id", chat.id).bind("deleted", chat.deleted)
                        .bind("updatedAt", Rows.utc(chat.updatedAt)).bind("delta", chat.messagesCountDelta).add();
            }
        }
        PreparedBatch updateApplications = handle.prepareBatch(
                "UPDATE applications SET chats_count = chats_count + :delta WHERE id = :id");
        chatsCountDeltas.forEach((id, delta) -> {
            if (delta != 0) {
                updateApplications.bind("id", id).bind("delta", delta).add();
            }
        });
        PreparedBatch insertApplied = handle.prepareBatch("""
                INSERT INTO applied_updates (chat_id, update_id, applied_at) VALUES (:chat, :id, :at)
                ON DUPLICATE KEY UPDATE chat_id = chat_id""");
        newlyApplied.forEach(u -> insertApplied.bind("chat", u.chatId()).bind("id", bytes(u.id()))
                .bind("at", Rows.utc(u.at())).add());
        for (PreparedBatch statement : List.of(insertMessages, updateMessages, updateChats, updateApplications,
                insertApplied)) {
            if (statement.size() > 0) {
                statement.execute();
            }
        }
        SearchOutbox.append(handle, outbox);
    }

    /** {@code WHERE (parent = p1 AND child IN (...)) OR (parent = p2 AND ...)}: one index range per parent. */
    private Query groupedQuery(String template, String parentColumn, String childColumn,
                               Map<Long, List<Integer>> children) {
        StringJoiner where = new StringJoiner(" OR ");
        int i = 0;
        for (Long parent : children.keySet()) {
            where.add("(" + parentColumn + " = :p" + i + " AND " + childColumn + " IN (<c" + i + ">))");
            i++;
        }
        Query query = handle.createQuery(String.format(template, where));
        i = 0;
        for (Map.Entry<Long, List<Integer>> e : children.entrySet()) {
            query.bind("p" + i, e.getKey()).bindList("c" + i, e.getValue());
            i++;
        }
        return query;
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

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}

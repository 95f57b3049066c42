package dev.chatservice.mysql;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ChatRepository;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ChatRepository} on MySQL 8.4 or MariaDB 10.11, through JDBI. */
public final class JdbiChatRepository implements ChatRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiChatRepository.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int RECONCILE_CHUNK = 100;

    // The queries behind API endpoints are visible to the package so that QueryPlanTest can EXPLAIN them.
    static final String FIND_APPLICATION = """
            SELECT token, name, chats_count, created_at, updated_at
            FROM applications
            WHERE token = :token""";

    static final String LIST_APPLICATIONS = """
            SELECT token, name, chats_count, created_at, updated_at
            FROM applications
            WHERE token > :after
            ORDER BY token
            LIMIT :limit""";

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

    // FIND_MESSAGE and LIST_MESSAGES select the columns Rows.message reads by position, in its order.
    static final String FIND_MESSAGE = """
            SELECT c.chat_number, m.message_number, m.body, m.created_at, m.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            JOIN messages m ON m.chat_id = c.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE
              AND m.message_number = :message AND m.deleted = FALSE""";

    static final String LIST_MESSAGES = """
            SELECT c.chat_number, m.message_number, m.body, m.created_at, m.updated_at
            FROM applications a
            JOIN chats c ON c.application_id = a.id
            JOIN messages m ON m.chat_id = c.id
            WHERE a.token = :token AND c.chat_number = :chat AND c.deleted = FALSE
              AND m.message_number > :after AND m.deleted = FALSE
            ORDER BY m.message_number
            LIMIT :limit""";

    static final String PENDING_INDEXING = SearchOutbox.PENDING;

    // STRAIGHT_JOIN pins the join order, so the scan walks messages' primary key in order and stops at the
    // limit whatever the relative table sizes tempt the optimizer to do.
    static final String LIVE_MESSAGES = """
            SELECT STRAIGHT_JOIN m.id, a.token, c.chat_number, m.message_number, m.body, m.version
            FROM messages m
            JOIN chats c ON c.id = m.chat_id
            JOIN applications a ON a.id = c.application_id
            WHERE m.id > :after AND m.deleted = FALSE AND c.deleted = FALSE
            ORDER BY m.id
            LIMIT :limit""";

    /** How long a read a client waits on may go without a byte from the server: see {@link #bounded}. */
    static final int READ_TIMEOUT_MS = 750;

    private final Jdbi jdbi;

    public JdbiChatRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void createApplication(Application application) {
        try {
            inTransaction(handle -> handle.createUpdate("""
                            INSERT INTO applications (token, name, chats_count, created_at, updated_at)
                            VALUES (:token, :name, :chatsCount, :createdAt, :updatedAt)""")
                    .bind("token", application.token().value())
                    .bind("name", application.name().value())
                    .bind("chatsCount", application.chatsCount())
                    .bind("createdAt", Rows.utc(application.createdAt()))
                    .bind("updatedAt", Rows.utc(application.updatedAt()))
                    .execute());
        } catch (JdbiException e) {
            if (MysqlFailures.isDuplicateKey(e)) {
                throw new IllegalStateException("token already taken", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Application> findApplication(ApplicationToken token) {
        return withHandle(bounded(handle -> findApplication(handle, token)));
    }

    private static Optional<Application> findApplication(Handle handle, ApplicationToken token) {
        return handle.createQuery(FIND_APPLICATION).bind("token", token.value())
                .map((rs, ctx) -> Rows.application(rs)).findOne();
    }

    @Override
    public Optional<Application> renameApplication(ApplicationToken token, ApplicationName name, Instant now) {
        return inTransaction(handle -> {
            handle.createUpdate("UPDATE applications SET name = :name, updated_at = :now WHERE token = :token")
                    .bind("name", name.value()).bind("now", Rows.utc(now)).bind("token", token.value()).execute();
            return findApplication(handle, token);
        });
    }

    @Override
    public boolean deleteApplication(ApplicationToken token) {
        // Chats, messages and applied update ids go by ON DELETE CASCADE; the outbox row stays.
        return inTransaction(handle -> {
            int deleted = handle.createUpdate("DELETE FROM applications WHERE token = :token")
                    .bind("token", token.value()).execute();
            if (deleted > 0) {
                SearchOutbox.append(handle, List.of(new SearchOutbox.Entry(new SearchUpdate.RemoveApplication(token),
                        Instant.now())));
            }
            return deleted > 0;
        });
    }

    @Override
    public List<Application> listApplications(Optional<ApplicationToken> after, int limit) {
        return withHandle(bounded(handle -> handle.createQuery(LIST_APPLICATIONS)
                .bind("after", after.map(ApplicationToken::value).orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> Rows.application(rs)).list()));
    }

    @Override
    public Optional<Chat> findChat(ChatRef chat) {
        return withHandle(bounded(handle -> handle.createQuery(FIND_CHAT)
                .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                .map((rs, ctx) -> Rows.chat(rs)).findOne()));
    }

    @Override
    public Page<Chat> listChats(ApplicationToken application, PageRequest page) {
        List<Chat> fetched = withHandle(bounded(handle -> handle.createQuery(LIST_CHATS)
                .bind("token", application.value()).bind("after", page.after()).bind("limit", page.limit() + 1)
                .map((rs, ctx) -> Rows.chat(rs)).list()));
        return Page.fromOverfetch(fetched, page.limit(), c -> c.number().value());
    }

    @Override
    public Optional<Message> findMessage(MessageRef message) {
        return withHandle(bounded(handle -> handle.createQuery(FIND_MESSAGE)
                .bind("token", message.chat().application().value()).bind("chat", message.chat().chat().value())
                .bind("message", message.message().value())
                .map((rs, ctx) -> Rows.message(rs)).findOne()));
    }

    @Override
    public Page<Message> listMessages(ChatRef chat, PageRequest page) {
        List<Message> fetched = withHandle(bounded(handle -> handle.createQuery(LIST_MESSAGES)
                .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                .bind("after", page.after()).bind("limit", page.limit() + 1)
                .map((rs, ctx) -> Rows.message(rs)).list()));
        return Page.fromOverfetch(fetched, page.limit(), m -> m.number().value());
    }

    @Override
    public void apply(List<Command> batch) {
        if (!batch.isEmpty()) {
            inTransaction(handle -> {
                new BatchApply(handle, batch).run();
                return null;
            });
        }
    }

    @Override
    public List<PendingIndexing> pendingIndexing(int limit) {
        return withHandle(handle -> SearchOutbox.pending(handle, limit));
    }

    @Override
    public void completeIndexing(List<PendingIndexing> done) {
        List<Long> ids = done.stream().map(PendingIndexing::id).toList();
        withHandle(handle -> {
            SearchOutbox.complete(handle, ids);
            return null;
        });
    }

    /**
     * Recounts in short transactions of {@value #RECONCILE_CHUNK} parents each, locking the parent rows as
     * apply does, so a recount never races a batch and never holds locks on a whole table.
     */
    @Override
    public long reconcileCounters() {
        return reconcile("applications", "chats_count", "chats", "application_id")
                + reconcile("chats", "messages_count", "messages", "chat_id");
    }

    private record Recount(long lastId, int corrected) {}

    private long reconcile(String parent, String counter, String child, String foreignKey) {
        long corrected = 0;
        Optional<Recount> chunk = Optional.of(new Recount(0, 0));
        while (chunk.isPresent()) {
            corrected += chunk.get().corrected();
            long after = chunk.get().lastId();
            chunk = inTransaction(handle -> recount(handle, parent, counter, child, foreignKey, after));
        }
        return corrected;
    }

    private static Optional<Recount> recount(Handle handle, String parent, String counter, String child,
                                             String foreignKey, long after) {
        TreeMap<Long, Long> stored = new TreeMap<>();
        handle.createQuery("SELECT id, " + counter + " AS n FROM " + parent
                        + " WHERE id > :after ORDER BY id LIMIT :limit FOR UPDATE")
                .bind("after", after).bind("limit", RECONCILE_CHUNK)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("n")))
                .forEach(e -> stored.put(e.getKey(), e.getValue()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Long> actual = new HashMap<>();
        handle.createQuery("SELECT " + foreignKey + " AS id, COUNT(*) AS n FROM " + child
                        + " WHERE " + foreignKey + " IN (<ids>) AND deleted = FALSE GROUP BY " + foreignKey)
                .bindList("ids", List.copyOf(stored.keySet()))
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("n")))
                .forEach(e -> actual.put(e.getKey(), e.getValue()));
        PreparedBatch fix = handle.prepareBatch("UPDATE " + parent + " SET " + counter + " = :n WHERE id = :id");
        stored.forEach((id, count) -> {
            long n = actual.getOrDefault(id, 0L);
            if (n != count) {
                fix.bind("id", id).bind("n", n).add();
            }
        });
        int wrong = fix.size();
        if (wrong > 0) {
            fix.execute();
        }
        return Optional.of(new Recount(stored.lastKey(), wrong));
    }

    @Override
    public List<IndexableMessage> liveMessages(long afterPosition, int limit) {
        return withHandle(handle -> handle.createQuery(LIVE_MESSAGES)
                .bind("after", afterPosition).bind("limit", limit)
                .map((rs, ctx) -> new IndexableMessage(rs.getLong("id"), new SearchUpdate.IndexMessage(
                        new MessageRef(new ChatRef(new ApplicationToken(rs.getString("token")),
                                new ChatNumber(rs.getInt("chat_number"))),
                                new MessageNumber(rs.getInt("message_number"))),
                        new MessageBody(rs.getString("body")), rs.getLong("version"))))
                .list());
    }

    @Override
    public long reserveChatNumbers(ApplicationToken application, int count) {
        // The upsert's row lock is held until commit, so the read-back sees only this reservation's ceiling.
        return inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO chat_number_ceilings (application_token, ceiling) VALUES (:token, :count)
                            ON DUPLICATE KEY UPDATE ceiling = ceiling + :count""")
                    .bind("token", application.value()).bind("count", count).execute();
            return handle.createQuery("SELECT ceiling FROM chat_number_ceilings WHERE application_token = :token")
                    .bind("token", application.value()).mapTo(Long.class).one();
        });
    }

    @Override
    public long reserveMessageNumbers(ChatRef chat, int count) {
        return inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO message_number_ceilings (application_token, chat_number, ceiling)
                            VALUES (:token, :chat, :implicit + :count)
                            ON DUPLICATE KEY UPDATE ceiling = GREATEST(ceiling, :implicit) + :count""")
                    .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                    .bind("implicit", IMPLICIT_MESSAGE_RESERVATION).bind("count", count).execute();
            return handle.createQuery("""
                            SELECT ceiling FROM message_number_ceilings
                            WHERE application_token = :token AND chat_number = :chat""")
                    .bind("token", chat.application().value()).bind("chat", chat.chat().value())
                    .mapTo(Long.class).one();
        });
    }

    /**
     * Runs {@code callback} with the connection's socket timeout cut to {@link #READ_TIMEOUT_MS} (the pool
     * returns it to the driver's 30 s on release). For the reads a client waits on: a row or a page takes
     * milliseconds, so a server that sends nothing for 750 ms is stalled or going down, and the request gets
     * its 503 within the API's 1 s instead of hanging. With 2 s, reads caught by a MariaDB restart answered
     * their 503 after 2 s in the fault suite; with the driver's 30 s they waited for the server. Writes keep
     * 30 s: a timed-out write may still commit, and the worker's batches and the cascading delete run long.
     */
    private static <T> HandleCallback<T, RuntimeException> bounded(HandleCallback<T, RuntimeException> callback) {
        return handle -> {
            try {
                handle.getConnection().setNetworkTimeout(Runnable::run, READ_TIMEOUT_MS);
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
            return callback.withHandle(handle);
        };
    }

    private <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw MysqlFailures.translate(e);
        }
    }

    /** Runs {@code callback} in a transaction, again from the start if it lost a deadlock. */
    private <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(callback);
            } catch (RuntimeException e) {
                if (attempt == MAX_ATTEMPTS || !MysqlFailures.isLockConflict(e)) {
                    throw MysqlFailures.translate(e);
                }
                LOG.info("transaction lost a lock conflict, running it again (attempt {}): {}", attempt + 1,
                        e.getMessage());
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}

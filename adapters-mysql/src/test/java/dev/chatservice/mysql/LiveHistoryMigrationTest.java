package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.PageRequest;
import java.security.SecureRandom;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V4 to V6 on a database that already holds V3 data: the change feed is backfilled per chat in message order
 * (a deleted chat's deletion last), old messages have no sender, and re-clustering keeps every row readable.
 * Runs in a schema of its own, created and dropped here, so the shared one is never migrated backwards.
 */
class LiveHistoryMigrationTest {
    private final String schema = "chat_migration_" + Long.toHexString(new SecureRandom().nextLong() >>> 1);
    private String url;

    @BeforeEach
    void createSchema() {
        TestDatabase.jdbi().useHandle(h -> h.execute("CREATE DATABASE " + schema));
        int query = TestDatabase.URL.indexOf('?');
        String base = query < 0 ? TestDatabase.URL : TestDatabase.URL.substring(0, query);
        url = base.substring(0, base.lastIndexOf('/') + 1) + schema + "?allowPublicKeyRetrieval=true";
    }

    @AfterEach
    void dropSchema() {
        TestDatabase.jdbi().useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + schema));
    }

    @Test
    void migrate_fromV3WithData_backfillsSeqsPerChatAndKeepsEveryRow() {
        flyway("3").migrate();
        String token = ApplicationToken.generate(new SecureRandom()).value();
        Jdbi jdbi = Jdbi.create(url, TestDatabase.USER, TestDatabase.PASSWORD);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO applications (token, name, chats_count, created_at, updated_at) "
                    + "VALUES (?, 'old', 2, NOW(3), NOW(3))", token);
            long app = h.createQuery("SELECT id FROM applications").mapTo(Long.class).one();
            h.execute("INSERT INTO chats (application_id, chat_number, messages_count, deleted, created_at, "
                    + "updated_at) VALUES (?, 1, 2, FALSE, NOW(3), NOW(3)), (?, 2, 0, TRUE, NOW(3), NOW(3))",
                    app, app);
            long live = h.createQuery("SELECT id FROM chats WHERE chat_number = 1").mapTo(Long.class).one();
            long gone = h.createQuery("SELECT id FROM chats WHERE chat_number = 2").mapTo(Long.class).one();
            // Inserted out of number order, as concurrent workers may have: seqs follow numbers, not ids.
            h.execute("INSERT INTO messages "
                    + "(chat_id, message_number, body, version, deleted, created_at, updated_at) VALUES "
                    + "(?, 3, 'three', 1, FALSE, NOW(3), NOW(3)), (?, 1, 'one', 2, FALSE, NOW(3), NOW(3)), "
                    + "(?, 2, '', 2, TRUE, NOW(3), NOW(3)), (?, 1, '', 1, FALSE, NOW(3), NOW(3))",
                    live, live, live, gone);
        });

        flyway(null).migrate();

        JdbiChangeFeed feed = new JdbiChangeFeed(jdbi);
        ChatRef live = new ChatRef(new ApplicationToken(token), new ChatNumber(1));
        ChatRef gone = new ChatRef(new ApplicationToken(token), new ChatNumber(2));
        List<ChatChange> changes = feed.changesSince(live, 0, 10);
        assertEquals(List.of(1L, 2L, 3L), changes.stream().map(ChatChange::seq).toList());
        assertEquals(List.of(ChatChange.Kind.MESSAGE_UPDATED, ChatChange.Kind.MESSAGE_DELETED,
                ChatChange.Kind.MESSAGE_CREATED), changes.stream().map(ChatChange::kind).toList());
        assertEquals(3, feed.latestSeq(live));
        assertEquals(List.of(ChatChange.Kind.CHAT_DELETED),
                feed.changesSince(gone, 0, 10).stream().map(ChatChange::kind).toList());
        assertEquals(2, feed.latestSeq(gone));
        JdbiChatHistory history = new JdbiChatHistory(jdbi);
        assertEquals(List.of(3, 1), history.listMessages(live, PageRequest.last(10)).items().stream()
                .map(m -> m.number().value()).toList());
        assertTrue(history.listMessages(live, PageRequest.first(10)).items().stream()
                .allMatch(m -> m.sender().isEmpty()));
        assertEquals(List.of("chat_id", "message_number"), jdbi.withHandle(h -> h.createQuery("""
                        SELECT column_name FROM information_schema.statistics
                        WHERE table_schema = :schema AND table_name = 'messages' AND index_name = 'PRIMARY'
                        ORDER BY seq_in_index""").bind("schema", schema).mapTo(String.class).list()));
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(url, TestDatabase.USER, TestDatabase.PASSWORD)
                .locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }
}

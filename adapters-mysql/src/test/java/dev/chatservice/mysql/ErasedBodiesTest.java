package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tombstone row keeps no body: not for a deleted message, nor for any message of a deleted chat. */
class ErasedBodiesTest {
    private final Jdbi jdbi = TestDatabase.jdbi();
    private final Ports store = TestDatabase.store(jdbi);
    private ApplicationToken token;

    @BeforeEach
    void setUp() {
        token = ApplicationToken.generate(new SecureRandom());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.applications().createApplication(new Application(token, new ApplicationName("erase"), 0, now, now));
    }

    @AfterEach
    void tearDown() {
        store.applications().deleteApplication(token);
    }

    private ChatRef chat(int number) {
        return new ChatRef(token, new ChatNumber(number));
    }

    private MessageRef message(int chat, int number) {
        return new MessageRef(chat(chat), new MessageNumber(number));
    }

    private CreateMessageCommand create(int chat, int number, String body) {
        return new CreateMessageCommand(message(chat, number), new MessageBody(body), Instant.now());
    }

    /** Every message row of the test's application, "chat/number" to the body stored in MySQL. */
    private Map<String, String> storedBodies() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT c.chat_number, m.message_number, m.body FROM messages m
                        JOIN chats c ON c.id = m.chat_id JOIN applications a ON a.id = c.application_id
                        WHERE a.token = :token""").bind("token", token.value())
                .reduceRows(new TreeMap<String, String>(), (map, row) -> {
                    map.put(row.getColumn("chat_number", Integer.class) + "/"
                            + row.getColumn("message_number", Integer.class), row.getColumn("body", String.class));
                    return map;
                }));
    }

    @Test
    void apply_deleteMessageInLaterBatch_erasesItsBody() {
        store.ledger().apply(List.of(new CreateChatCommand(chat(1), Instant.now()), create(1, 1, "kept"),
                create(1, 2, "secret")));
        store.ledger().apply(List.of(new DeleteMessageCommand(message(1, 2), Instant.now())));
        assertEquals(Map.of("1/1", "kept", "1/2", ""), storedBodies());
    }

    @Test
    void apply_createAndDeleteInOneBatch_insertsTombstoneWithoutBody() {
        store.ledger().apply(List.of(new CreateChatCommand(chat(1), Instant.now()), create(1, 1, "secret"),
                new DeleteMessageCommand(message(1, 1), Instant.now())));
        assertEquals(Map.of("1/1", ""), storedBodies());
    }

    @Test
    void apply_deleteChat_erasesEveryBodyInIt() {
        store.ledger().apply(List.of(new CreateChatCommand(chat(1), Instant.now()),
                new CreateChatCommand(chat(2), Instant.now()), create(1, 1, "secret a"), create(1, 2, "secret b"),
                create(2, 1, "kept")));
        store.ledger().apply(List.of(create(1, 3, "secret c"), new DeleteChatCommand(chat(1), Instant.now())));
        assertEquals(Map.of("1/1", "", "1/2", "", "1/3", "", "2/1", "kept"), storedBodies());
    }

    @Test
    void apply_lateCreateAfterErasedDelete_staysDeleted() {
        CreateMessageCommand create = create(1, 1, "secret");
        store.ledger().apply(List.of(new CreateChatCommand(chat(1), Instant.now()), create));
        store.ledger().apply(List.of(new DeleteMessageCommand(message(1, 1), Instant.now())));
        store.ledger().apply(List.of(create));
        assertTrue(store.history().findMessage(message(1, 1)).isEmpty());
        assertEquals(Map.of("1/1", ""), storedBodies());
    }

    @Test
    void migrationV3_rowsDeletedBeforeIt_haveTheirBodiesErased() throws IOException {
        store.ledger().apply(List.of(new CreateChatCommand(chat(1), Instant.now()),
                new CreateChatCommand(chat(2), Instant.now()), create(1, 1, "kept"), create(1, 2, "old secret"),
                create(2, 1, "old chat secret")));
        store.ledger().apply(List.of(new DeleteMessageCommand(message(1, 2), Instant.now()),
                new DeleteChatCommand(chat(2), Instant.now())));
        // Rows as a release before V3 left them: the tombstones still hold their bodies.
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE messages m JOIN chats c ON c.id = m.chat_id JOIN applications a ON a.id = c.application_id
                        SET m.body = CONCAT('old ', IF(c.chat_number = 2, 'chat ', ''), 'secret')
                        WHERE a.token = :token AND m.body = ''""").bind("token", token.value()).execute());
        assertEquals(Map.of("1/1", "kept", "1/2", "old secret", "2/1", "old chat secret"), storedBodies());
        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V3__erase_deleted_bodies.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = Arrays.stream(migration.replaceAll("(?m)^--.*$", "").split(";"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        jdbi.useHandle(handle -> statements.forEach(handle::execute));
        assertEquals(Map.of("1/1", "kept", "1/2", "", "2/1", ""), storedBodies());
    }
}

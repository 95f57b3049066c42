package dev.chatservice.mysql;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EXPLAINs every query behind an API endpoint and fails if one would scan a whole table. */
class QueryPlanTest {
    private static final int CHATS = 40;
    private static final int MESSAGES_PER_CHAT = 10;
    private static final List<Application> SEEDED = new ArrayList<>();
    private static Jdbi jdbi;
    private static ChatRef chat;

    /** Enough rows, and fresh statistics, that the optimizer prefers an index wherever one fits. */
    @BeforeAll
    static void seed() {
        jdbi = TestDatabase.jdbi();
        Ports store = TestDatabase.store(jdbi);
        // With a few dozen rows MariaDB may rightly prefer a full scan to a range that covers most of them
        // (it did, for a random "after" token early in the order); with hundreds it takes the index.
        for (int i = 0; i < 300; i++) {
            Application application = application("plan" + i);
            store.applications().createApplication(application);
            SEEDED.add(application);
        }
        chat = chat(SEEDED.get(0).token(), CHATS / 2);
        List<Command> batch = new ArrayList<>();
        for (int c = 1; c <= CHATS; c++) {
            ChatRef ref = chat(SEEDED.get(0).token(), c);
            batch.add(new CreateChatCommand(ref, now()));
            for (int m = 1; m <= MESSAGES_PER_CHAT; m++) {
                batch.add(new CreateMessageCommand(message(ref, m), new MessageBody("message " + m), now()));
            }
        }
        store.ledger().apply(batch);
        jdbi.useHandle(h -> h.execute("ANALYZE TABLE applications, chats, messages, search_outbox"));
    }

    @AfterAll
    static void cleanUp() {
        if (SEEDED.isEmpty()) {
            return;
        }
        Ports store = TestDatabase.store(jdbi);
        SEEDED.forEach(a -> store.applications().deleteApplication(a.token()));
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM search_outbox WHERE application_token IN (<tokens>)")
                .bindList("tokens", SEEDED.stream().map(a -> a.token().value()).toList()).execute());
    }

    static Stream<Arguments> apiQueries() {
        String token = chat.application().value();
        long chatId = jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.id FROM chats c JOIN applications a ON a.id = c.application_id
                        WHERE a.token = :token AND c.chat_number = :chat""")
                .bind("token", token).bind("chat", chat.chat().value()).mapTo(Long.class).one());
        return Stream.of(
                Arguments.of("find application by token", JdbiApplicationRegistry.FIND_APPLICATION,
                        Map.of("token", token)),
                Arguments.of("list applications page", JdbiApplicationRegistry.LIST_APPLICATIONS,
                        Map.of("after", token, "limit", 11)),
                Arguments.of("list applications first page", JdbiApplicationRegistry.LIST_APPLICATIONS,
                        Map.of("after", "", "limit", 11)),
                Arguments.of("find chat", JdbiChatHistory.FIND_CHAT,
                        Map.of("token", token, "chat", chat.chat().value())),
                Arguments.of("list chats page", JdbiChatHistory.LIST_CHATS,
                        Map.of("token", token, "after", 5, "limit", 11)),
                Arguments.of("list chats page down", JdbiChatHistory.LIST_CHATS_DOWN,
                        Map.of("token", token, "before", 30, "limit", 11)),
                Arguments.of("list messages page down", JdbiChatHistory.LIST_MESSAGES_DOWN,
                        Map.of("token", token, "chat", chat.chat().value(), "before", 8, "limit", 5)),
                Arguments.of("find message", JdbiChatHistory.FIND_MESSAGE,
                        Map.of("token", token, "chat", chat.chat().value(), "message", 3)),
                Arguments.of("list messages page", JdbiChatHistory.LIST_MESSAGES,
                        Map.of("token", token, "chat", chat.chat().value(), "after", 2, "limit", 5)),
                Arguments.of("change feed chat", JdbiChangeFeed.CHAT,
                        Map.of("token", token, "chat", chat.chat().value())),
                Arguments.of("change feed page", JdbiChangeFeed.CHANGES,
                        Map.of("chat", chatId, "since", 2, "limit", 5)),
                Arguments.of("pending outbox", JdbiChatLedger.PENDING_INDEXING, Map.of("limit", 100)),
                Arguments.of("live messages scan", JdbiChatLedger.LIVE_MESSAGES,
                        Map.of("after", 0, "limit", 100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiQueries")
    void explain_apiQuery_usesAnIndexOnEveryTable(String name, String sql, Map<String, Object> params) {
        List<Map<String, Object>> plan = jdbi.withHandle(h -> h.createQuery("EXPLAIN " + sql)
                .bindMap(params).mapToMap().list());
        assertFalse(plan.isEmpty(), name);
        for (Map<String, Object> row : plan) {
            String described = name + ": " + plan;
            assertNotNull(row.get("table"), "no table read, so nothing was checked: " + described);
            assertNotEquals("ALL", row.get("type"), "full table scan: " + described);
            assertNotNull(row.get("key"), "no index used: " + described);
        }
    }
}

package dev.chatservice.mysql;

import static dev.chatservice.domain.contract.Fixtures.application;
import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.command.CreateMessageCommand;
import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyset pages cost the same whatever the chat's length, in both directions: the rows the server reads for a
 * page of a 5,000-message chat are those it reads for a 60-message chat, counted by the session's handler
 * counters rather than timed.
 */
class HistoryPageCostTest {
    private static final int LIMIT = 50;
    private static Jdbi jdbi;
    private static Application application;
    private static ChatRef small;
    private static ChatRef big;

    @BeforeAll
    static void seed() {
        jdbi = TestDatabase.jdbi();
        Ports store = TestDatabase.store(jdbi);
        application = application("cost");
        store.applications().createApplication(application);
        small = chat(application.token(), 1);
        big = chat(application.token(), 2);
        store.ledger().apply(messages(small, 1, 60));
        for (int from = 1; from <= 5_000; from += 1_000) {
            store.ledger().apply(messages(big, from, from + 999));
        }
        jdbi.useHandle(h -> h.execute("ANALYZE TABLE messages"));
    }

    @AfterAll
    static void cleanUp() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM applications WHERE token = ?", application.token().value());
            h.execute("DELETE FROM search_outbox WHERE application_token = ?", application.token().value());
        });
    }

    private static List<Command> messages(ChatRef chat, int from, int to) {
        List<Command> batch = new ArrayList<>();
        batch.add(new CreateChatCommand(chat, now()));
        for (int n = from; n <= to; n++) {
            batch.add(new CreateMessageCommand(message(chat, n), new MessageBody("message " + n), now()));
        }
        return batch;
    }

    @Test
    void newestPage_bigChat_readsAsManyRowsAsInASmallOne() {
        long smallRows = rowsRead(small, PageRequest.last(LIMIT), LIMIT);
        long bigRows = rowsRead(big, PageRequest.last(LIMIT), LIMIT);
        assertTrue(bigRows <= smallRows + 2, "big chat read " + bigRows + " rows, small one " + smallRows);
        assertTrue(bigRows <= LIMIT + 10, "big chat read " + bigRows + " rows for a page of " + LIMIT);
    }

    @Test
    void pageBefore_bigChat_readsAboutOnePageOfRows() {
        long rows = rowsRead(big, PageRequest.before(2_500, LIMIT), LIMIT);
        assertTrue(rows <= LIMIT + 10, "read " + rows + " rows for a page of " + LIMIT);
    }

    @Test
    void firstPage_bigChat_readsAboutOnePageOfRows() {
        long rows = rowsRead(big, PageRequest.first(LIMIT), LIMIT);
        assertTrue(rows <= LIMIT + 10, "read " + rows + " rows for a page of " + LIMIT);
    }

    /** Rows read through indexes by one page query, from the session's Handler_read_* counters. */
    private static long rowsRead(ChatRef chat, PageRequest page, int expectedItems) {
        boolean up = page.direction() == PageRequest.Direction.UP;
        return jdbi.withHandle(h -> {
            long before = handlerReads(h);
            int items = h.createQuery(up ? JdbiChatHistory.LIST_MESSAGES : JdbiChatHistory.LIST_MESSAGES_DOWN)
                    .bindMap(Map.of("token", chat.application().value(), "chat", chat.chat().value(),
                            up ? "after" : "before", page.from(), "limit", page.limit() + 1))
                    .mapToMap().list().size();
            long after = handlerReads(h);
            assertEquals(expectedItems + 1, items);
            return after - before;
        });
    }

    private static long handlerReads(Handle h) {
        return h.createQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_key', 'Handler_read_next', "
                        + "'Handler_read_prev', 'Handler_read_first', 'Handler_read_last')")
                .map((rs, ctx) -> rs.getLong(2)).list().stream().mapToLong(Long::longValue).sum();
    }
}

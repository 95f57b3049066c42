package dev.chatservice.mysql;

import dev.chatservice.domain.contract.AbstractChatRepositoryTest;
import dev.chatservice.domain.port.ChatRepository;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the repository contract against the local MySQL or MariaDB. */
class JdbiChatRepositoryTest extends AbstractChatRepositoryTest {
    private static long lastApplicationBefore;

    @BeforeAll
    static void rememberWhereThisRunStarts() {
        lastApplicationBefore = TestDatabase.jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(MAX(id), 0) FROM applications").mapTo(Long.class).one());
    }

    /** Removes this run's applications, so a shared database does not grow with every build. */
    @AfterAll
    static void deleteThisRunsApplications() {
        TestDatabase.jdbi().useTransaction(h -> {
            List<String> tokens = h.createQuery("""
                            SELECT token FROM applications
                            WHERE id > :before AND name IN ('app', 'new', 'more0', 'more1', 'more2')""")
                    .bind("before", lastApplicationBefore).mapTo(String.class).list();
            if (!tokens.isEmpty()) {
                h.createUpdate("DELETE FROM applications WHERE token IN (<tokens>)").bindList("tokens", tokens)
                        .execute();
                h.createUpdate("DELETE FROM search_outbox WHERE application_token IN (<tokens>)")
                        .bindList("tokens", tokens).execute();
            }
        });
    }

    @Override
    protected ChatRepository newRepository() {
        return new JdbiChatRepository(TestDatabase.jdbi());
    }
}

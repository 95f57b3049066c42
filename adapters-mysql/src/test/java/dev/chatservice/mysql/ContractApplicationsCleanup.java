package dev.chatservice.mysql;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Removes the applications a contract test class created, with their outbox rows, so a shared database does
 * not grow with every build.
 */
final class ContractApplicationsCleanup implements BeforeAllCallback, AfterAllCallback {
    private long lastApplicationBefore;

    @Override
    public void beforeAll(ExtensionContext context) {
        lastApplicationBefore = TestDatabase.jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(MAX(id), 0) FROM applications").mapTo(Long.class).one());
    }

    @Override
    public void afterAll(ExtensionContext context) {
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
}

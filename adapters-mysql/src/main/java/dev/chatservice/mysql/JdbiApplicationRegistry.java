package dev.chatservice.mysql;

import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The {@link ApplicationRegistry} on MySQL 8.4 or MariaDB 10.11, through JDBI. */
public final class JdbiApplicationRegistry implements ApplicationRegistry {

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

    private final JdbiCalls calls;

    public JdbiApplicationRegistry(Jdbi jdbi) {
        this.calls = new JdbiCalls(jdbi);
    }

    @Override
    public void createApplication(Application application) {
        try {
            calls.inTransaction(handle -> handle.createUpdate("""
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
        return calls.read(handle -> findApplication(handle, token));
    }

    private static Optional<Application> findApplication(Handle handle, ApplicationToken token) {
        return handle.createQuery(FIND_APPLICATION).bind("token", token.value())
                .map((rs, ctx) -> Rows.application(rs)).findOne();
    }

    @Override
    public Optional<Application> renameApplication(ApplicationToken token, ApplicationName name, Instant now) {
        return calls.inTransaction(handle -> {
            handle.createUpdate("UPDATE applications SET name = :name, updated_at = :now WHERE token = :token")
                    .bind("name", name.value()).bind("now", Rows.utc(now)).bind("token", token.value()).execute();
            return findApplication(handle, token);
        });
    }

    @Override
    public boolean deleteApplication(ApplicationToken token) {
        // Chats, messages and applied update ids go by ON DELETE CASCADE; the outbox row stays.
        return calls.inTransaction(handle -> {
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
        return calls.read(handle -> handle.createQuery(LIST_APPLICATIONS)
                .bind("after", after.map(ApplicationToken::value).orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> Rows.application(rs)).list());
    }
}

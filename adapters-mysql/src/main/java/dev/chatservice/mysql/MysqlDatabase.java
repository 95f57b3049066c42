package dev.chatservice.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatservice.domain.port.DependencyUnavailableException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The process's one MySQL connection pool and {@link Jdbi}, migrated to the latest schema on connect. */
public final class MysqlDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private MysqlDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens a pool of 10 connections and runs the Flyway migrations. */
    public static MysqlDatabase connect(String url, String user, String password) {
        return connect(url, user, password, 10);
    }

    /** Opens a pool of up to {@code poolSize} connections and runs the Flyway migrations. */
    public static MysqlDatabase connect(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("mysql");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        // Short timeouts so that an outage turns into a quick 503 rather than piled-up requests: while the server
        // is down, a request waits this long for a connection before it fails, and the API promises its 503
        // within 1 s.
        config.setConnectionTimeout(500);
        config.setValidationTimeout(1_000);
        config.addDataSourceProperty("connectTimeout", "2000");
        config.addDataSourceProperty("socketTimeout", "30000");
        // Read committed takes no gap locks, so workers inserting into neighbouring chats do not block or
        // deadlock each other; apply() gets its consistency from explicit row locks instead.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Multi-row INSERTs from JDBC batches: one round trip for a whole batch of commands.
        config.addDataSourceProperty("rewriteBatchedStatements", "true");
        config.addDataSourceProperty("characterEncoding", "UTF-8");
        // Parse each statement's text once per connection, not on every prepareStatement: the driver's
        // parsing (QueryInfo) is a visible share of the HTTP node's CPU on page reads. Client-side statements
        // still, so the wire protocol, batching and the DATETIME handling in Rows are unchanged.
        config.addDataSourceProperty("cachePrepStmts", "true");
        config.addDataSourceProperty("prepStmtCacheSize", "100");
        config.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
        // MySQL 8.4 authenticates with caching_sha2_password, which needs the key over a non-TLS link.
        config.addDataSourceProperty("allowPublicKeyRetrieval", "true");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (MysqlFailures.isConnectionFailure(e)) {
                throw new DependencyUnavailableException("mysql", "cannot connect to " + url, e);
            }
            throw e;
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new MysqlDatabase(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            if (MysqlFailures.isConnectionFailure(e)) {
                throw new DependencyUnavailableException("mysql", "cannot migrate " + url, e);
            }
            throw e;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether a pooled connection answers within a second. */
    public boolean isHealthy() {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

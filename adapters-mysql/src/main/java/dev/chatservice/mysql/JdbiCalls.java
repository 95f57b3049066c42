package dev.chatservice.mysql;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the adapters run their statements: reads a client waits on with a short network timeout, transactions
 * again from the start after a lost lock conflict, and every failure translated for the domain.
 */
final class JdbiCalls {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiCalls.class);
    private static final int MAX_ATTEMPTS = 5;

    /** How long a read a client waits on may go without a byte from the server: see {@link #read}. */
    static final int READ_TIMEOUT_MS = 750;

    private final Jdbi jdbi;

    JdbiCalls(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs a read a client waits on, with the connection's socket timeout cut to {@link #READ_TIMEOUT_MS} (the
     * pool returns it to the driver's 30 s on release). A row or a page takes milliseconds, so a server that
     * sends nothing for that long is stalled or going down, and the request gets its 503 within the API's 1 s
     * instead of hanging until the server answers. Writes keep 30 s: a timed-out write may still commit, and
     * the worker's batches and the cascading delete run long.
     */
    <T> T read(HandleCallback<T, RuntimeException> callback) {
        return withHandle(handle -> {
            try {
                handle.getConnection().setNetworkTimeout(Runnable::run, READ_TIMEOUT_MS);
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
            return callback.withHandle(handle);
        });
    }

    /** Runs {@code callback} on a connection of its own, outside a transaction. */
    <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw MysqlFailures.translate(e);
        }
    }

    /** Runs {@code callback} in a transaction, again from the start if it lost a deadlock. */
    <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
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

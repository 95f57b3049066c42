package dev.chatservice.mysql;

import dev.chatservice.domain.port.DependencyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Sorts the driver's and the pool's exceptions into outages, lock conflicts and the rest. */
final class MysqlFailures {
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;

    private MysqlFailures() {}

    /** Whether {@code failure} means the server cannot be reached, rather than that a statement was wrong. */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Hikari's pool timeout is transient-connection; Connector/J's CommunicationsException is
            // recoverable; SQLState class 08 covers the rest (refused, too many connections, shutdown).
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getClass().getName().equals("com.mysql.cj.exceptions.CJCommunicationsException")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the transaction lost a deadlock or a lock wait, so running it again may succeed. */
    static boolean isLockConflict(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && ("40001".equals(sql.getSQLState())
                || sql.getErrorCode() == ER_LOCK_DEADLOCK || sql.getErrorCode() == ER_LOCK_WAIT_TIMEOUT);
    }

    static boolean isDuplicateKey(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getErrorCode() == ER_DUP_ENTRY;
    }

    /** Outages become the domain's DependencyUnavailableException, so the HTTP layer can answer 503. */
    static RuntimeException translate(RuntimeException failure) {
        if (isConnectionFailure(failure)) {
            return new DependencyUnavailableException("mysql", "database unavailable", failure);
        }
        return failure;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}

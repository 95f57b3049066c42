package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.port.DependencyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Checks which driver errors count as outages and which as lock conflicts worth a retry. */
class MysqlFailuresTest {

    @Test
    void isLockConflict_deadlockWrapped_isTrue() {
        assertTrue(MysqlFailures.isLockConflict(new RuntimeException(new SQLException("deadlock", "40001", 1213))));
    }

    @Test
    void isLockConflict_lockWaitTimeout_isTrue() {
        assertTrue(MysqlFailures.isLockConflict(new SQLException("lock wait timeout", "HY000", 1205)));
    }

    @Test
    void isLockConflict_syntaxError_isFalse() {
        assertFalse(MysqlFailures.isLockConflict(new SQLException("syntax", "42000", 1064)));
    }

    @Test
    void translate_poolTimeout_becomesDependencyUnavailable() {
        RuntimeException translated = MysqlFailures.translate(
                new RuntimeException(new SQLTransientConnectionException("mysql - Connection is not available")));
        assertInstanceOf(DependencyUnavailableException.class, translated);
    }

    @Test
    void translate_serverShutdownState08_becomesDependencyUnavailable() {
        assertInstanceOf(DependencyUnavailableException.class, MysqlFailures.translate(
                new RuntimeException(new SQLException("Server shutdown in progress", "08S01", 1053))));
    }

    @Test
    void translate_duplicateKey_staysAsItIs() {
        RuntimeException duplicate = new RuntimeException(new SQLException("Duplicate entry", "23000", 1062));
        assertSame(duplicate, MysqlFailures.translate(duplicate));
        assertTrue(MysqlFailures.isDuplicateKey(duplicate));
    }
}

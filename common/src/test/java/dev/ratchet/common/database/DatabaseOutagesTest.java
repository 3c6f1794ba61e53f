package dev.ratchet.common.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class DatabaseOutagesTest {

    @Test
    void aServerThatCannotBeReachedIsAnOutageWhereverItSitsInTheCauseChain() {
        assertTrue(DatabaseOutages.isOutage(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
        assertTrue(DatabaseOutages.isOutage(new IllegalStateException(
                "commit failed",
                new RuntimeException(
                        new SQLException("An I/O error occurred while sending to the backend", "08006")))));
        assertTrue(DatabaseOutages.isOutage(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseOutages.isOutage(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutages.isOutage(new SQLException("sorry, too many clients already", "53300")));
        assertTrue(DatabaseOutages.isOutage(new SQLException("Acquisition timeout while waiting for new connection")));
    }

    /**
     * As FaultsIT met it: PostgreSQL stopped during a consumer's commit; Narayana's RollbackException
     * has no cause, the driver's error is the cause of an XAException suppressed in it. Taken for a
     * bad event, the record was dead-lettered and its points lost.
     */
    @Test
    void aCommitTheServerCutOffIsAnOutageThoughItsErrorIsOnlySuppressed() {
        XAException commit = new XAException("Error trying to transactionCommit local transaction");
        commit.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(commit);
        assertTrue(DatabaseOutages.isOutage(new IllegalStateException(rollback)));
        Exception refused = new Exception("ARJUNA016053: Could not commit transaction.");
        refused.addSuppressed(new SQLException("duplicate key value", "23505"));
        assertFalse(DatabaseOutages.isOutage(refused));
    }

    @Test
    void aStatementTheDatabaseRefusesIsNotAnOutage() {
        assertFalse(DatabaseOutages.isOutage(new SQLException("duplicate key value", "23505")));
        assertFalse(DatabaseOutages.isOutage(
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));
        assertFalse(DatabaseOutages.isOutage(new IllegalArgumentException("bad")));
        RuntimeException loop = new RuntimeException("self-caused");
        loop.initCause(new RuntimeException(loop));
        assertFalse(DatabaseOutages.isOutage(loop));
    }
}

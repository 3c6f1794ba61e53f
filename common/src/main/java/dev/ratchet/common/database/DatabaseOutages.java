package dev.ratchet.common.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a database that cannot be reached right now — stopped, restarting, out of connections —
 * from a statement it refuses. The first is a passing fault: a caller retries (gRPC UNAVAILABLE),
 * a consumer waits and tries the same record again; only the second is the request's fault.
 */
public final class DatabaseOutages {
    private DatabaseOutages() {}

    /**
     * Whether anything in the failure's causes, or in the exceptions suppressed along them, says the
     * database is unreachable for now. A commit the server cut off surfaces as Narayana's
     * RollbackException with no cause: the driver's error is a suppressed XAException's cause.
     */
    public static boolean isOutage(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.push(failure);
        }
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (seen.put(t, true) != null) {
                continue;
            }
            if (t instanceof JDBCConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && (isOutageState(sql.getSQLState()) || isPoolTimeout(sql))) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server is shutting down, crashed
     * or starting up) and 53300 (too many connections).
     */
    static boolean isOutageState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300"));
    }

    /** Agroal's "Acquisition timeout while waiting for new connection": no connection could be had in time. */
    private static boolean isPoolTimeout(SQLException e) {
        return e.getSQLState() == null
                && e.getMessage() != null
                && e.getMessage().startsWith("Acquisition timeout");
    }
}

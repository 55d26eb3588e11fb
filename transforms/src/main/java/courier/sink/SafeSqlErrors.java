package courier.sink;

import java.sql.SQLException;

/**
 * Database errors as the courier throws them: what failed, the SQLState and error code, never the
 * database's message. Databases put the failing row's values into messages ("Failing row contains
 * (...)", H2's "Value too long ... 'text'", COPY's context quoting the line), and messages end up
 * in logs. The original is not chained for the same reason; its stack trace is kept.
 */
final class SafeSqlErrors {
  private SafeSqlErrors() {}

  /** {@code what} names the run, table or column: "commit of run r1 failed at table t". */
  static SQLException withoutValues(String what, SQLException e) {
    SQLException safe =
        new SQLException(
            what
                + ": "
                + e.getClass().getSimpleName()
                + ", SQLState "
                + e.getSQLState()
                + ", error code "
                + e.getErrorCode()
                + " (the database's message is left out: it may hold the row's values)",
            e.getSQLState(),
            e.getErrorCode());
    safe.setStackTrace(e.getStackTrace());
    return safe;
  }
}

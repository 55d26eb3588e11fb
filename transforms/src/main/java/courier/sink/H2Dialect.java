package courier.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * H2 2.x, the embedded default: a file database such as {@code
 * jdbc:h2:file:/data/courier-db;DATABASE_TO_LOWER=TRUE}, where unquoted lower-case names (as users
 * type them) match the quoted lower-case names the courier creates.
 */
public final class H2Dialect implements SqlDialect {
  private static final long serialVersionUID = 1L;
  static final String LOCK_TABLE = "courier_commit_locks";

  /** A commit waits this long for another commit of the shop (H2's default is one second). */
  private static final long LOCK_WAIT_MILLIS = 60 * 60 * 1000L;

  /** Rows of a table up to which {@link #deleteMatching} deletes by lookup (see there). */
  static final long LOOKUP_LIMIT = 100_000;

  private final long lookupLimit;

  public H2Dialect() {
    this(LOOKUP_LIMIT);
  }

  /** With another limit for {@link #deleteMatching}'s lookups: tests run both statements. */
  H2Dialect(long lookupLimit) {
    this.lookupLimit = lookupLimit;
  }

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public String urlPrefix() {
    return "jdbc:h2:";
  }

  @Override
  public String driverClassName() {
    return "org.h2.Driver";
  }

  /** H2's TEXT is a CLOB, which cannot be a key; VARCHAR without length holds up to 1M chars. */
  @Override
  public String textType() {
    return "VARCHAR";
  }

  /**
   * An H2 file can be open in one process at a time, and the staging writers' pooled connections
   * keep it open in a long-lived worker (a Flink TaskManager): SHUTDOWN closes the database and
   * every connection to it, so {@code courier sql} and the next run's client can open the file.
   * Only for file databases: an in-memory database would be dropped, a server's shut down for all.
   */
  @Override
  public void afterCommit(Connection connection, String jdbcUrl) throws SQLException {
    String database = jdbcUrl.substring(urlPrefix().length());
    boolean embeddedFile =
        !(database.startsWith("mem:")
            || database.startsWith("tcp:")
            || database.startsWith("ssl:"));
    if (embeddedFile) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
  }

  /**
   * H2 writes committed changes to its file in the background, up to WRITE_DELAY (500 ms) later: a
   * process killed meanwhile loses them though its commit returned. CHECKPOINT stores them now.
   */
  @Override
  public void makeDurable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    }
  }

  /**
   * DIRECT: H2 inserts the rows as the query reads them. Without it H2 first collects the query's
   * whole result (in memory up to MAX_MEMORY_ROWS, then in a temporary file) and inserts
   * afterwards, which only an insert reading its own table needs. On the commit's insert of staged
   * rows, {@code CommitBench --db=h2 --orders=50000 --shuffled}: a first load's commit 5.1 and 5.1
   * s wall (9.1 and 8.8 CPU s) against 6.7 and 5.8 s (12.0 and 10.3), a replacing one 15.6 and 14.6
   * s against 17.4 and 16.0 s (README.md, issue 17's seventh round).
   */
  @Override
  public String insertFromQuery(String table, String columns, String query) {
    return SqlDialect.super.insertFromQuery(table, columns, "DIRECT " + query);
  }

  /**
   * A first row is one step of the table's primary index. The commit's deletes look the staged keys
   * up in the table or visit its rows (see {@link #deleteMatching}), which in an empty one finds
   * nothing: in a 50,000-order first load, 5.53 and 5.25 s wall (9.9 and 9.4 CPU s) without this
   * check against 5.13 and 4.79 s (9.1 and 8.6) with it ({@code CommitBench --db=h2 --orders=50000
   * --shuffled}, README.md issue 17's eighth round). The newer-wins probe (see {@link
   * StaleVersions}) likewise looked every staged root up in the empty root table: 444 and 437 ms of
   * that commit.
   */
  @Override
  public boolean certainlyEmpty(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
      return !rows.next();
    }
  }

  /**
   * Runs the delete as a {@link #deleteByLookup} when it matches at most {@link #LOOKUP_LIMIT} rows
   * of the table (a nightly run's), as the default's {@code DELETE ... WHERE EXISTS} otherwise. H2
   * runs the EXISTS by visiting every stored row of the table and probing the source for it, so its
   * time grows with the stored shop; the lookup's grows with what it matches, but H2's MERGE keeps
   * the id of every row it matched in a set in memory (about 56 bytes each) until the statement
   * ends, where the EXISTS's rows to delete go to a temporary file once past MAX_MEMORY_ROWS. The
   * limit keeps that set near 6 MB. What the delete would match is counted first, up to the limit
   * (see {@link #statement}): a few lookups for a nightly, a count of its source for a backfill.
   */
  @Override
  public long deleteMatching(Connection connection, MatchingDelete delete) throws SQLException {
    return RunCommit.execute(
        connection, statement(connection, delete), delete.parameters().toArray());
  }

  /**
   * The lookup up to {@link #LOOKUP_LIMIT} matched rows, the EXISTS past them. A source past the
   * limit (a backfill's size) takes the EXISTS on its own count, without a lookup: counting its
   * matches first would cost a replacing backfill the limit's lookups per delete.
   */
  String statement(Connection connection, MatchingDelete delete) throws SQLException {
    boolean few =
        count(connection, delete, "SELECT 1 FROM " + delete.source() + " r") <= lookupLimit
            && count(connection, delete, matchedRows(delete)) <= lookupLimit;
    return few ? deleteByLookup(delete) : delete.whereExists();
  }

  /** The rows the delete matches in the table, found the way the MERGE finds them. */
  String matchedRows(MatchingDelete delete) {
    return "SELECT 1 FROM "
        + delete.source()
        + " r JOIN "
        + delete.table()
        + " ON "
        + matching(delete);
  }

  /** Rows of {@code select} meeting the delete's condition, counted up to one past the limit. */
  String countQuery(MatchingDelete delete, String select) {
    return "SELECT COUNT(*) FROM ("
        + select
        + " WHERE "
        + delete.condition()
        + " FETCH FIRST "
        + (lookupLimit + 1)
        + " ROWS ONLY) m";
  }

  private long count(Connection connection, MatchingDelete delete, String select)
      throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(countQuery(delete, select))) {
      RunCommit.bind(count, delete.parameters().toArray());
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * {@code MERGE ... USING (source) ON columns WHEN MATCHED THEN DELETE}: H2 reads the source rows
   * and looks each one up in the table through an index on the columns (the primary key, or the
   * domain tables' (_shop, _root_id)). A nightly run that changed 100 of 200,000 stored orders (1.4
   * million rows) spent 2.96 and 2.88 s in its commit with the EXISTS, 0.39 s with the lookups
   * before {@link #LOOKUP_LIMIT} and 0.08 s with it ({@code CommitBench --db=h2 --orders=200000
   * --shuffled --nightly=100}, README.md issue 17's eighth round).
   */
  String deleteByLookup(MatchingDelete delete) {
    String table = delete.table();
    return "MERGE INTO "
        + table
        + " USING (SELECT "
        + delete.columns().stream().map(c -> "r." + c).collect(Collectors.joining(", "))
        + " FROM "
        + delete.source()
        + " r WHERE "
        + delete.condition()
        + ") r ON "
        + matching(delete)
        + " WHEN MATCHED THEN DELETE";
  }

  private static String matching(MatchingDelete delete) {
    return delete.columns().stream()
        .map(c -> delete.table() + "." + c + " = r." + c)
        .collect(Collectors.joining(" AND "));
  }

  /** MERGE ... KEY rewrites a matching row with the same values: for exact duplicates, a no-op. */
  @Override
  public String insertIgnoringDuplicates(
      String table, List<String> columns, List<String> keyColumns) {
    return "MERGE INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") KEY ("
        + String.join(", ", keyColumns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ")";
  }

  /**
   * H2 has no advisory locks: the lock is a row per name in a small table, locked FOR UPDATE until
   * the transaction ends. The row is created, if missing, before the transaction begins.
   */
  @Override
  public void beginLockedCommit(Connection connection, String name) throws SQLException {
    String table = quote(LOCK_TABLE);
    String key = quote("lock_name");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCK_TIMEOUT " + LOCK_WAIT_MILLIS);
      statement.execute(
          "CREATE TABLE IF NOT EXISTS " + table + " (" + key + " VARCHAR PRIMARY KEY)");
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + key
                + ") SELECT CAST(? AS VARCHAR) WHERE NOT EXISTS (SELECT 1 FROM "
                + table
                + " WHERE "
                + key
                + " = ?)")) {
      insert.setString(1, name);
      insert.setString(2, name);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) { // another commit created the row meanwhile
        throw e;
      }
    }
    connection.setAutoCommit(false);
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT " + key + " FROM " + table + " WHERE " + key + " = ? FOR UPDATE")) {
      lock.setString(1, name);
      lock.executeQuery().close();
    }
  }
}

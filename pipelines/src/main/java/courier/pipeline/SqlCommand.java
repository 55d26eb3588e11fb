package courier.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code courier sql "<query>"}: runs one query against the domain database and prints the result
 * as a table, so a newcomer can look at what a run landed without installing a SQL client. The
 * default database is the embedded H2 file under --output.
 */
final class SqlCommand {
  private static final int MAX_ROWS = 200;
  private static final int MAX_WIDTH = 40;

  private SqlCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws SQLException {
    String output = "./courier-out";
    String url = null;
    String user = null;
    String query = null;
    for (String arg : args) {
      if (arg.startsWith("--output=")) {
        output = arg.substring("--output=".length());
      } else if (arg.startsWith("--jdbcUrl=")) {
        url = arg.substring("--jdbcUrl=".length());
      } else if (arg.startsWith("--jdbcUser=")) {
        user = arg.substring("--jdbcUser=".length());
      } else if (arg.startsWith("--")) {
        throw new ConfigException("courier sql takes --output, --jdbcUrl, --jdbcUser and one query; not " + arg);
      } else if (query == null) {
        query = arg;
      } else {
        throw new ConfigException("courier sql takes one query; quote it: courier sql \"SELECT ...\"");
      }
    }
    if (query == null) {
      throw new ConfigException("courier sql needs a query, e.g. courier sql \"SELECT count(*) FROM shopify_order\"");
    }
    if (url == null) {
      Path db = Path.of(output, "courier-db.mv.db");
      if (!db.toFile().exists()) {
        throw new ConfigException("no courier database at " + db.toAbsolutePath() + ": run `courier demo` or a load first, or pass --output/--jdbcUrl");
      }
      url = "jdbc:h2:file:" + Path.of(output, "courier-db").toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
      user = user == null ? "sa" : user;
    }
    String password = System.getenv("COURIER_JDBC_PASSWORD");
    try (Connection c = DriverManager.getConnection(url, user, password == null ? "" : password);
        Statement s = c.createStatement()) {
      s.setMaxRows(MAX_ROWS + 1);
      if (!s.execute(query)) {
        out.println(s.getUpdateCount() + " rows changed");
        return 0;
      }
      try (ResultSet rs = s.getResultSet()) {
        print(rs, out);
      }
    }
    return 0;
  }

  private static void print(ResultSet rs, PrintStream out) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[n];
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      header[i] = meta.getColumnLabel(i + 1);
      width[i] = header[i].length();
    }
    boolean more = false;
    while (rs.next()) {
      if (rows.size() == MAX_ROWS) {
        more = true;
        break;
      }
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        String v = rs.getString(i + 1);
        row[i] = v == null ? "NULL" : v.length() > MAX_WIDTH ? v.substring(0, MAX_WIDTH - 1) + "…" : v;
        width[i] = Math.max(width[i], row[i].length());
      }
      rows.add(row);
    }
    out.println(line(header, width));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    rows.forEach(r -> out.println(line(r, width)));
    out.println("(" + rows.size() + (more ? "+ rows, first " + MAX_ROWS + " shown)" : " rows)"));
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(String.format("%-" + width[i] + "s  ", cells[i]));
    }
    return b.toString().stripTrailing();
  }
}

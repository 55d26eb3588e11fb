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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code courier sql "<query>"}: runs one query against the domain database and prints the result
 * as a table, so a newcomer can look at what a run landed without installing a SQL client. The
 * default database is the embedded H2 file under --output.
 */
@Command(
    name = "sql",
    description =
        "Runs one query against the domain database (by default the H2 file a run left under "
            + "--output) and prints the result as a table, at most "
            + SqlCommand.MAX_ROWS
            + " rows.",
    parameterListHeading = "%nQuery:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer =
        "The password, if the database needs one: the COURIER_JDBC_PASSWORD environment variable.")
final class SqlCommand implements Callable<Integer> {
  static final int MAX_ROWS = 200;
  private static final int MAX_WIDTH = 40;

  private final PrintStream out;

  @Mixin HelpOption help;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "./courier-out",
      description = "The --output of the run whose H2 database to query. Default: ${DEFAULT-VALUE}")
  String output;

  @Option(
      names = "--jdbcUrl",
      paramLabel = "URL",
      description = "JDBC URL of the domain database, instead of the H2 file under --output.")
  String url;

  @Option(
      names = "--jdbcUser",
      paramLabel = "USER",
      description =
          "Database user. Default: sa for the H2 file under --output, none with --jdbcUrl.")
  String user;

  @Parameters(
      paramLabel = "SQL",
      index = "0",
      description =
          "The query, as one argument: quote it, e.g. \"SELECT count(*) FROM shopify_order\".")
  String query;

  /** Words of an unquoted query, caught to say so. */
  @Parameters(index = "1..*", hidden = true)
  List<String> unquoted = new ArrayList<>();

  @Spec CommandSpec spec;

  SqlCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws SQLException {
    if (!unquoted.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "courier sql takes one query; quote it: courier sql \"SELECT ...\"");
    }
    String jdbcUrl = url;
    String jdbcUser = user;
    if (jdbcUrl == null) {
      Path db = Path.of(output, "courier-db.mv.db");
      if (!db.toFile().exists()) {
        throw new ConfigException(
            "no courier database at "
                + db.toAbsolutePath()
                + ": run `courier demo` or a load first, or pass --output/--jdbcUrl");
      }
      jdbcUrl =
          "jdbc:h2:file:"
              + Path.of(output, "courier-db").toAbsolutePath()
              + ";DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
      jdbcUser = jdbcUser == null ? "sa" : jdbcUser;
    }
    String password = System.getenv("COURIER_JDBC_PASSWORD");
    try (Connection c =
            DriverManager.getConnection(jdbcUrl, jdbcUser, password == null ? "" : password);
        Statement s = c.createStatement()) {
      s.setMaxRows(MAX_ROWS + 1);
      if (!s.execute(query)) {
        out.println(s.getUpdateCount() + " rows changed");
        return ExitCode.SUCCESS.code();
      }
      try (ResultSet rs = s.getResultSet()) {
        print(rs, out);
      }
    }
    return ExitCode.SUCCESS.code();
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
        row[i] =
            v == null ? "NULL" : v.length() > MAX_WIDTH ? v.substring(0, MAX_WIDTH - 1) + "…" : v;
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

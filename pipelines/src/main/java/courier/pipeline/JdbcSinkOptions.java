package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The JDBC sink: the domain database and its table names. Values are text, parsed once by {@link
 * RunSettings}.
 */
public interface JdbcSinkOptions extends PipelineOptions {
  @Description(
      "JDBC URL of the domain database (default: an H2 file database under --output). "
          + "PostgreSQL: jdbc:postgresql://host:5432/db")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user (default: sa for the embedded H2 database).")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description(
      "File holding the database password. Default: the COURIER_JDBC_PASSWORD environment variable, if set.")
  String getJdbcPasswordFile();

  void setJdbcPasswordFile(String value);

  @Description("Prefix of the domain table names in the database.")
  @Default.String("shopify_")
  String getTablePrefix();

  void setTablePrefix(String value);
}

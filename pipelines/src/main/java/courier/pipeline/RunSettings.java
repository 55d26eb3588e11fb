package courier.pipeline;

import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.SecretSource;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.sink.JdbcTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Everything a run needs, parsed and checked from {@link CourierOptions} before any request is
 * made. Each problem becomes a {@link ConfigException} whose message shows the fix.
 */
final class RunSettings {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final ShopDomain shop;
  final List<TableSchema> tables;
  final List<ShopifyResource> resources;
  final ShopifyCredentials credentials;
  final String output;
  final JdbcTarget jdbc;
  final String runId;
  final Instant startedAt;

  private RunSettings(CourierOptions o, Instant startedAt) {
    this.startedAt = startedAt;
    this.shop = config(() -> ShopDomain.of(o.getShop()));
    this.tables = tables(o.getTables());
    this.resources = resources(tables);
    this.credentials = credentials(o);
    this.output = output(o, o.getOutput());
    this.jdbc = jdbc(o, output);
    this.runId = runId(o.getRunId(), startedAt);
    positive("--pageSize", o.getPageSize(), 250);
    positive("--maxConcurrentRequests", o.getMaxConcurrentRequests(), 1000);
    positive("--targetSliceRecords", o.getTargetSliceRecords(), Integer.MAX_VALUE);
  }

  static RunSettings from(CourierOptions options, Instant startedAt) {
    return new RunSettings(options, startedAt);
  }

  /** Tables ("order_line") whose resource is read by updated_at window; locations are read whole. */
  List<String> windowedTableNames() {
    return tables.stream()
        .filter(t -> ShopifyResource.fromPath(t.resource()).windowed())
        .map(TableSchema::name)
        .toList();
  }

  boolean localOutput() {
    return !output.contains("://");
  }

  private static List<TableSchema> tables(String tables) {
    SchemaCatalog catalog = SchemaCatalog.packaged();
    if (tables == null || tables.isBlank() || tables.trim().equals("all")) {
      return catalog.tables();
    }
    List<TableSchema> chosen = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : new LinkedHashSet<>(List.of(tables.split("\\s*,\\s*")))) {
      if (catalog.tableNames().contains(name.trim())) {
        chosen.add(catalog.table(name.trim()));
      } else {
        unknown.add(name.trim());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "--tables: unknown table" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
              + "; valid tables: all, " + String.join(", ", catalog.tableNames()));
    }
    return chosen;
  }

  private static List<ShopifyResource> resources(List<TableSchema> tables) {
    Set<ShopifyResource> resources = new LinkedHashSet<>();
    tables.forEach(t -> resources.add(ShopifyResource.fromPath(t.resource())));
    return List.copyOf(resources);
  }

  /**
   * A token file, else the client-credentials grant when its secret is given (file or
   * SHOPIFY_CLIENT_SECRET), else SHOPIFY_ACCESS_TOKEN. Only where the secret lives is kept; the
   * driver reads it once here to fail early, and workers read it again where they run.
   */
  private static ShopifyCredentials credentials(CourierOptions o) {
    ShopifyCredentials credentials;
    if (o.getAccessTokenFile() != null) {
      if (o.getClientSecretFile() != null) {
        throw new ConfigException("give either --accessTokenFile or --clientSecretFile, not both");
      }
      credentials = ShopifyCredentials.accessTokenFromFile(o.getAccessTokenFile());
    } else if (o.getClientSecretFile() != null || System.getenv(ShopifyCredentials.DEFAULT_CLIENT_SECRET_ENV) != null) {
      SecretSource secret =
          o.getClientSecretFile() != null
              ? SecretSource.file(o.getClientSecretFile())
              : SecretSource.env(ShopifyCredentials.DEFAULT_CLIENT_SECRET_ENV);
      credentials =
          o.getClientId() != null
              ? config(() -> ShopifyCredentials.clientCredentials(o.getClientId(), secret))
              : ShopifyCredentials.clientCredentials(SecretSource.env(ShopifyCredentials.DEFAULT_CLIENT_ID_ENV), secret);
    } else {
      credentials = ShopifyCredentials.accessTokenFromEnv(ShopifyCredentials.DEFAULT_ACCESS_TOKEN_ENV);
    }
    ShopifyCredentials chosen = credentials;
    config(
        () -> {
          chosen.checkReadable();
          return null;
        });
    return credentials;
  }

  private static String output(CourierOptions o, String output) {
    if (output == null || output.isBlank()) {
      throw new ConfigException("--output is required: a folder (./courier-out), or gs://bucket/courier");
    }
    String trimmed = output.trim();
    if (!trimmed.contains("://")) {
      return Path.of(trimmed).toAbsolutePath().normalize().toString();
    }
    // The filesystems this build registers: local paths (mounted NFS included), gs://. Say so now
    // rather than fail after the fetch.
    FileSystems.setDefaultPipelineOptions(o);
    try {
      FileSystems.matchNewResource(trimmed, true);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--output=" + trimmed + ": this build has no filesystem for '"
          + trimmed.substring(0, trimmed.indexOf("://")) + "://'; use a local or mounted folder, or gs://bucket/path "
          + "(s3:// and hdfs:// need Beam's amazon-web-services2 or hadoop-file-system module in pipelines/pom.xml)");
    }
    return trimmed;
  }

  private static JdbcTarget jdbc(CourierOptions o, String output) {
    String url = o.getJdbcUrl();
    String user = o.getJdbcUser();
    if (url == null) {
      if (output.contains("://")) {
        throw new ConfigException(
            "--output=" + output + " is not a local folder, so the embedded H2 database cannot live there: "
                + "give --jdbcUrl (e.g. jdbc:postgresql://host:5432/courier)");
      }
      url = "jdbc:h2:file:" + Path.of(output, "courier-db") + ";DATABASE_TO_LOWER=TRUE";
      user = user == null ? "sa" : user;
    }
    String jdbcUrl = url;
    JdbcTarget target = config(() -> JdbcTarget.of(jdbcUrl));
    if (user != null) {
      target = target.withUser(user);
    }
    String passwordFile = o.getJdbcPasswordFile();
    if (passwordFile != null) {
      if (!Files.isReadable(Path.of(passwordFile))) {
        throw new ConfigException("--jdbcPasswordFile=" + passwordFile + " cannot be read: check the path and its permissions");
      }
      target = target.withPasswordFile(passwordFile);
    }
    String prefix = o.getTablePrefix();
    JdbcTarget base = target;
    return config(() -> base.withTablePrefix(prefix));
  }

  private static String runId(String given, Instant startedAt) {
    if (given == null) {
      byte[] random = new byte[3];
      new SecureRandom().nextBytes(random);
      return RUN_ID_TIME.format(startedAt) + "-" + String.format("%02x%02x%02x", random[0], random[1], random[2]);
    }
    if (!RUN_ID.matcher(given).matches()) {
      throw new ConfigException(
          "--runId=" + given + " must be 1-64 letters, digits, '.', '_' or '-' (it becomes part of paths and rows)");
    }
    return given;
  }

  private static void positive(String option, Integer value, int max) {
    if (value == null || value < 1 || value > max) {
      throw new ConfigException(option + "=" + value + " must be between 1 and " + max);
    }
  }

  /** Runs a component's own validation and reports its IllegalArgumentException as bad configuration. */
  static <T> T config(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}

package courier.pipeline;

import courier.fetch.FetchMode;
import courier.fetch.ShopifyIO;
import courier.normalize.LatestVersion;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.SecretSource;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.sink.CourierBulkJobs;
import courier.sink.CourierRuns;
import courier.sink.JdbcTarget;
import courier.sink.RunAttempts;
import courier.sink.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a run needs, parsed and checked once from {@link CourierOptions} before any request is
 * made: the typed view the transforms are configured from. Each problem becomes a {@link
 * ConfigException} whose message shows the fix.
 *
 * @param read the Shopify read, window included
 * @param latestVersion the dedup step, with the runner config's bucket count
 */
record RunSettings(
    ShopDomain shop,
    List<TableSchema> tables,
    List<ShopifyResource> resources,
    String output,
    JdbcTarget jdbc,
    String runId,
    Instant startedAt,
    LoadWindow window,
    ShopifyIO.Read read,
    LatestVersion latestVersion) {
  private static final Logger LOG = LoggerFactory.getLogger(RunSettings.class);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Parses the options; the window comes last because --load=incremental reads the run history from
   * the database the options name.
   */
  static RunSettings from(CourierOptions o, Instant startedAt) {
    config(() -> ShopDomain.of(o.getShop()));
    RunSettings settings = forShop(o, startedAt, credentials(o));
    settings.refuseRunIdOfAnotherRun(settings.runInfo());
    return settings;
  }

  /**
   * As {@link #from}, with the credentials given (a courier group's shop has its own), and without
   * the run-id check, which a group makes for the whole group.
   */
  static RunSettings forShop(CourierOptions o, Instant startedAt, ShopifyCredentials credentials) {
    ShopDomain shop = config(() -> ShopDomain.of(o.getShop()));
    List<TableSchema> requested = tables(o.getTables());
    ShopifyIO.Read requestedRead = read(o, shop, credentials, resources(requested));
    List<TableSchema> tables = readable(requested, requestedRead.transport());
    List<ShopifyResource> resources = resources(tables);
    ShopifyIO.Read read =
        requestedRead.withResources(resources).withTablesByResource(byResource(tables));
    String output = output(o, o.getOutput());
    JdbcTarget jdbc = jdbc(o, output);
    String runId = runId(o.getRunId(), startedAt);
    LatestVersion latestVersion =
        option(
            "--latestVersionBuckets",
            o.getLatestVersionBuckets(),
            LatestVersion.create()::withBuckets);
    LoadWindow window =
        new WindowPlanner(startedAt)
            .plan(o, windowedTableNames(tables), table -> lastEnd(jdbc, shop, table));
    return new RunSettings(
        shop,
        tables,
        resources,
        output,
        jdbc,
        runId,
        startedAt,
        window,
        config(
            () ->
                read.withBulkJobStore(CourierBulkJobs.in(jdbc))
                    .withUpdatedWindow(window.from(), window.to())),
        latestVersion);
  }

  /**
   * A --runId that names another run (another shop, or another window) is refused: both runs would
   * write the same feed folders, and the second would be taken for the first, already committed.
   */
  void refuseRunIdOfAnotherRun(RunInfo run) {
    Optional<String> holder;
    try {
      holder = RunAttempts.holder(jdbc, output, run);
    } catch (SQLException | IOException e) {
      throw new RunException(
          "cannot check whether --runId="
              + runId
              + " is taken: courier_runs in "
              + jdbc.redactedUrl()
              + " or the manifest under "
              + output
              + " cannot be read: "
              + e.getMessage(),
          e);
    }
    if (holder.isPresent()) {
      throw new ConfigException(
          "--runId="
              + runId
              + " is taken: "
              + holder.get()
              + ", not "
              + run.shop()
              + ", window ["
              + run.windowFrom()
              + ", "
              + run.windowTo()
              + "); give every run its own id (e.g. include the shop: daily-<date>-<shop>),"
              + " or rerun that run with its own shop and window");
    }
  }

  /** The run as manifests and courier_runs record it. */
  RunInfo runInfo() {
    return runInfo(null);
  }

  /** The run of this shop, as one of courier group {@code group}'s (null: a run of one shop). */
  RunInfo runInfo(String group) {
    return RunInfo.builder()
        .group(group)
        .runId(runId)
        .shop(shop.domain())
        .resources(resources.stream().map(ShopifyResource::path).toList())
        .window(window.from(), window.to())
        .loadMode(window.description())
        .startedAt(startedAt)
        .build();
  }

  /**
   * Tables ("order_line") whose resource is read by updated_at window; locations are read whole.
   */
  private static List<String> windowedTableNames(List<TableSchema> tables) {
    return tables.stream().filter(t -> t.resource().windowed()).map(TableSchema::name).toList();
  }

  /** The read without its window; the IO checks its own settings, reported here by option. */
  private static ShopifyIO.Read read(
      ShopifyReadOptions o,
      ShopDomain shop,
      ShopifyCredentials credentials,
      List<ShopifyResource> resources) {
    ShopifyIO.Read read =
        ShopifyIO.read().withShop(shop).withCredentials(credentials).withResources(resources);
    read = option("--apiVersion", o.getApiVersion(), read::withApiVersion);
    ShopifyIO.Read versioned = read;
    read =
        option("--transport", o.getTransport(), v -> versioned.withTransport(Transport.parse(v)));
    read =
        option(
            "--maxConcurrentRequests",
            o.getMaxConcurrentRequests(),
            read::withMaxConcurrentRequests);
    read = option("--pageSize", o.getPageSize(), read::withPageSize);
    ShopifyClientConfig defaults = ShopifyClientConfig.create();
    ShopifyIO.Read retried = read;
    read =
        option(
            "--maxAttempts",
            o.getMaxAttempts(),
            v -> retried.withRetries(v, defaults.initialBackoff(), defaults.maxBackoff()));
    ShopifyIO.Read paged = read;
    read =
        option(
            "--targetSliceRecords",
            o.getTargetSliceRecords(),
            v -> paged.withTargetSliceRecords(v));
    read = option("--fetchMode", o.getFetchMode(), withFetchMode(read));
    read = option("--bulkThreshold", o.getBulkThreshold(), read::withBulkThreshold);
    read = option("--maxBulkJobs", o.getMaxBulkJobs(), read::withMaxBulkJobs);
    ShopifyIO.Read bulk = read;
    read = option("--bulkTimeout", o.getBulkTimeout(), v -> bulk.withBulkTimeout(duration(v)));
    if (read.fetchMode() == FetchMode.BULK && read.transport() != Transport.GRAPHQL) {
      throw new ConfigException(
          "--fetchMode=bulk reads through GraphQL bulk operations: add --transport=graphql, or use"
              + " --fetchMode=paged (or auto, which reads REST paged)");
    }
    return o.getShopifyBaseUrl() == null
        ? read
        : option("--shopifyBaseUrl", o.getShopifyBaseUrl(), read::withBaseUrl);
  }

  private static Optional<Instant> lastEnd(JdbcTarget jdbc, ShopDomain shop, String table) {
    try {
      return CourierRuns.committedWindowEnd(jdbc, shop.domain(), table);
    } catch (SQLException e) {
      // Not a ConfigException: an unreachable database is worth a retry (exit 4, from the cause's
      // SQLState), wrong database credentials are not (exit 2); ExitCode reads the cause.
      throw new RunException(
          "--load=incremental cannot read the run history (courier_runs) from "
              + jdbc.redactedUrl()
              + ": "
              + e.getMessage(),
          e);
    }
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
          "--tables: unknown table"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + "; valid tables: all, "
              + String.join(", ", catalog.tableNames()));
    }
    return chosen;
  }

  /** The selected tables of each resource: a scope refusal names them. */
  private static Map<ShopifyResource, List<String>> byResource(List<TableSchema> tables) {
    return tables.stream()
        .collect(
            Collectors.groupingBy(
                TableSchema::resource, Collectors.mapping(TableSchema::name, Collectors.toList())));
  }

  /**
   * The tables the transport can read: over REST, those of GraphQL-only resources (segments) are
   * left out, and the log says so once; refused when nothing is left.
   */
  private static List<TableSchema> readable(List<TableSchema> tables, Transport transport) {
    if (transport != Transport.REST) {
      return tables;
    }
    List<String> skipped =
        tables.stream().filter(t -> t.resource().graphqlOnly()).map(TableSchema::name).toList();
    if (skipped.isEmpty()) {
      return tables;
    }
    if (skipped.size() == tables.size()) {
      throw new ConfigException(
          "--tables="
              + String.join(",", skipped)
              + " can only be read over GraphQL (Shopify's REST Admin API has no segments):"
              + " use --transport=graphql");
    }
    LOG.warn(
        "{}: Shopify's REST Admin API has no segments, so this --transport=rest run skips these"
            + " tables and leaves them as they are (--transport=graphql reads them)",
        String.join(", ", skipped));
    return tables.stream().filter(t -> !t.resource().graphqlOnly()).toList();
  }

  private static List<ShopifyResource> resources(List<TableSchema> tables) {
    Set<ShopifyResource> resources = new LinkedHashSet<>();
    tables.forEach(t -> resources.add(t.resource()));
    return List.copyOf(resources);
  }

  /**
   * A token file, else the client-credentials grant when its secret is given (file or
   * SHOPIFY_CLIENT_SECRET), else SHOPIFY_ACCESS_TOKEN. Only where the secret lives is kept; the
   * driver reads it once here to fail early, and workers read it again where they run.
   */
  private static ShopifyCredentials credentials(ShopifyReadOptions o) {
    ShopifyCredentials credentials;
    if (o.getAccessTokenFile() != null) {
      if (o.getClientSecretFile() != null) {
        throw new ConfigException("give either --accessTokenFile or --clientSecretFile, not both");
      }
      credentials = ShopifyCredentials.accessTokenFromFile(o.getAccessTokenFile());
    } else if (o.getClientSecretFile() != null
        || System.getenv(ShopifyCredentials.DEFAULT_CLIENT_SECRET_ENV) != null) {
      SecretSource secret =
          o.getClientSecretFile() != null
              ? SecretSource.file(o.getClientSecretFile())
              : SecretSource.env(ShopifyCredentials.DEFAULT_CLIENT_SECRET_ENV);
      credentials =
          o.getClientId() != null
              ? config(() -> ShopifyCredentials.clientCredentials(o.getClientId(), secret))
              : ShopifyCredentials.clientCredentials(
                  SecretSource.env(ShopifyCredentials.DEFAULT_CLIENT_ID_ENV), secret);
    } else {
      credentials =
          ShopifyCredentials.accessTokenFromEnv(ShopifyCredentials.DEFAULT_ACCESS_TOKEN_ENV);
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
      throw new ConfigException(
          "--output is required: a folder (./courier-out), gs://bucket/courier or s3://bucket/courier");
    }
    String trimmed = output.trim();
    if (S3Output.isS3(trimmed)) {
      String s3 = S3Output.withLowerCaseScheme(trimmed);
      S3Output.prepare(o, s3);
      return s3;
    }
    S3Output.pinUnusedRegion(o);
    if (!trimmed.contains("://")) {
      return Path.of(trimmed).toAbsolutePath().normalize().toString();
    }
    // The filesystems this build registers: local paths (mounted NFS included), gs://, s3://. Say
    // so now rather than fail after the fetch.
    FileSystems.setDefaultPipelineOptions(o);
    try {
      FileSystems.matchNewResource(trimmed, true);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "--output="
              + trimmed
              + ": this build has no filesystem for '"
              + trimmed.substring(0, trimmed.indexOf("://"))
              + "://'; use a local or mounted folder, gs://bucket/path or s3://bucket/path "
              + "(hdfs:// needs Beam's hadoop-file-system module in pipelines/pom.xml)");
    }
    return trimmed;
  }

  private static JdbcTarget jdbc(JdbcSinkOptions o, String output) {
    String url = o.getJdbcUrl();
    String user = o.getJdbcUser();
    if (url == null) {
      if (output.contains("://")) {
        throw new ConfigException(
            "--output="
                + output
                + " is not a local folder, so the embedded H2 database cannot live there: "
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
        throw new ConfigException(
            "--jdbcPasswordFile="
                + passwordFile
                + " cannot be read: check the path and its permissions");
      }
      target = target.withPasswordFile(passwordFile);
    }
    String prefix = o.getTablePrefix();
    JdbcTarget base = target;
    return config(() -> base.withTablePrefix(prefix));
  }

  static String runId(String given, Instant startedAt) {
    if (given == null) {
      byte[] random = new byte[3];
      new SecureRandom().nextBytes(random);
      return RUN_ID_TIME.format(startedAt)
          + "-"
          + String.format("%02x%02x%02x", random[0], random[1], random[2]);
    }
    if (!RUN_ID.matcher(given).matches()) {
      throw new ConfigException(
          "--runId="
              + given
              + " must be 1-64 letters, digits, '.', '_' or '-' (it becomes part of paths and rows)");
    }
    return given;
  }

  /** Applies an option's value through a component's own check, reported against the option. */
  private static Function<String, ShopifyIO.Read> withFetchMode(ShopifyIO.Read read) {
    return v -> read.withFetchMode(FetchMode.parse(v));
  }

  private static Duration duration(String iso) {
    try {
      return Duration.parse(iso);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("is not an ISO-8601 duration such as PT2H or PT30M", e);
    }
  }

  private static <V, T> T option(String option, V value, Function<V, T> apply) {
    if (value == null) {
      throw new ConfigException(option + " needs a value");
    }
    try {
      return apply.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(option + "=" + value + " " + e.getMessage(), e);
    }
  }

  /**
   * Runs a component's own validation and reports its IllegalArgumentException as bad
   * configuration.
   */
  static <T> T config(Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}

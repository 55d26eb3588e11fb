package courier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.GraphqlBulk;
import courier.shopify.GraphqlReader;
import courier.shopify.RequestObserver;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClient;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.sink.JdbcTarget;
import courier.sink.PlainFeedWriter;
import courier.sink.PlainTableWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.values.Row;

/**
 * The floor: the courier's own HTTP fetch ({@link ShopifyClient}: keyset pages of 250, the full
 * address list of customers that embed ten, locations), JSON handling ({@link ShopifyEntity}: the
 * fetched tree, {@link EntityNormalizer}) and Parquet writing ({@link PlainFeedWriter}: the
 * pipeline's sink code) of the same rows, in one plain single-threaded loop without Beam, dedup,
 * shuffles or JDBC. One Parquet file per table. Runs in a child JVM under {@link Measured} like the
 * courier. With {@code --database} it also writes every row into the domain tables ({@link
 * PlainTableWriter}: straight into the tables, the dialect's fastest write, no staging or commit),
 * so the database's share of a run is measured on its own: by default into an H2 file under the
 * output as {@code courier run} uses, with {@code --jdbcUrl} into another database (PostgreSQL:
 * COPY).
 *
 * <pre>
 * Baseline --baseUrl=URL --tokenFile=FILE --shop=NAME --output=DIR --from=INSTANT --to=INSTANT --summary=FILE
 * </pre>
 *
 * Writes {@code summary} as JSON: entities per resource, rows per table, rejects, requests. With
 * {@code --bulk} it reads orders, customers and products by bulk operations instead ({@link
 * BulkBaseline}): the floor of the bulk-backfill scenario.
 */
public final class Baseline {
  private static final int PAGE_SIZE = ShopifyClient.MAX_PAGE_SIZE;

  private Baseline() {}

  public static void main(String[] args) throws IOException {
    Args.BaselineRun o =
        Args.parseOrExit(new Args.BaselineRun(), args, r -> {}, System.out, System.err);
    Path output = o.output;
    Files.createDirectories(output);
    ShopifyClientConfig config =
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of(o.shop))
            .withBaseUrl(o.baseUrl)
            .withCredentials(ShopifyCredentials.accessTokenFromFile(o.tokenFile))
            .withMaxConcurrentRequests(1);
    Instant from = o.from;
    Instant to = o.to;
    String runId = "baseline";
    Instant syncedAt = Instant.now();
    List<TableSchema> tables = SchemaCatalog.packaged().tables();
    AtomicLong requests = new AtomicLong();
    RequestObserver counting =
        new RequestObserver() {
          @Override
          public void requestSent(ShopifyResource resource) {
            requests.incrementAndGet();
          }
        };

    Map<String, PlainFeedWriter> writers = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      writers.put(
          table.name(),
          PlainFeedWriter.open(table, output.resolve(table.name() + ".parquet"), runId));
    }
    Map<String, Long> entities = new LinkedHashMap<>();
    Map<String, PlainTableWriter> tableWriters = new LinkedHashMap<>();
    Landing landing = entity -> land(entity, tables, runId, syncedAt, writers, tableWriters);
    long rejects;
    try (Connection db = o.database || o.jdbcUrl != null ? database(o).connect() : null) {
      if (db != null) {
        for (TableSchema table : tables) {
          tableWriters.put(table.name(), PlainTableWriter.open(database(o), db, table));
        }
      }
      try {
        rejects =
            o.bulk
                ? readByBulk(new Source(config, counting, from, to), landing, entities)
                : readByPages(new Source(config, counting, from, to), landing, entities);
      } finally {
        for (PlainFeedWriter w : writers.values()) {
          w.close();
        }
      }
      for (PlainTableWriter w : tableWriters.values()) {
        w.close();
      }
    } catch (SQLException e) {
      throw new IOException("the baseline's database write failed", e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("entities", entities);
    Map<String, Long> rows = new LinkedHashMap<>();
    // Tables of the resources read, as a run's manifest lists them (REST reads no segments).
    for (TableSchema table : tables) {
      if (entities.containsKey(table.resource().path())) {
        rows.put(table.name(), writers.get(table.name()).rows());
      }
    }
    summary.put("rows", rows);
    summary.put("rejects", rejects);
    summary.put("requests", requests.get());
    Files.writeString(
        o.summary,
        ShopifyJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary),
        StandardCharsets.UTF_8);
  }

  /** --database: --jdbcUrl, or an H2 file in the output folder as courier run has by default. */
  private static JdbcTarget database(Args.BaselineRun o) {
    if (o.jdbcUrl != null) {
      return JdbcTarget.of(o.jdbcUrl);
    }
    return JdbcTarget.of(
            "jdbc:h2:file:" + o.output.resolve("courier-db") + ";DATABASE_TO_LOWER=TRUE")
        .withUser("sa");
  }

  /** The shop's window to read, and what counts the requests. */
  private record Source(
      ShopifyClientConfig config, RequestObserver counting, Instant from, Instant to) {}

  /** Normalizes an entity and writes its rows; 1 if it was rejected. */
  private interface Landing {
    int land(ShopifyEntity entity) throws IOException;
  }

  /** REST keyset pages of every resource REST has; the rejects. */
  private static long readByPages(Source source, Landing landing, Map<String, Long> entities)
      throws IOException {
    long rejects = 0;
    try (ShopifyClient client = ShopifyClient.create(source.config(), source.counting())) {
      String shop = client.shop().domain();
      for (ShopifyResource resource : ShopifyResource.values()) {
        if (resource.graphqlOnly()) {
          continue; // REST has no segments
        }
        long count = 0;
        if (!resource.windowed()) {
          for (ObjectNode entity : client.locations()) {
            rejects += landing.land(entity(shop, resource, entity));
            count++;
          }
        } else {
          long sinceId = 0;
          while (true) {
            List<ObjectNode> page =
                client.listUpdated(resource, source.from(), source.to(), sinceId, PAGE_SIZE);
            for (ObjectNode entity : page) {
              if (resource == ShopifyResource.CUSTOMERS) {
                completeAddresses(client, entity);
              }
              rejects += landing.land(entity(shop, resource, entity));
            }
            count += page.size();
            if (page.size() < PAGE_SIZE) {
              break;
            }
            sinceId = ShopifyJson.id(page.get(page.size() - 1));
          }
        }
        entities.put(resource.path(), count);
      }
    }
    return rejects;
  }

  /**
   * {@code --bulk}: orders, customers and products each by one bulk operation over GraphQL (see
   * {@link BulkBaseline}); the rejects.
   */
  private static long readByBulk(Source source, Landing landing, Map<String, Long> entities)
      throws IOException {
    AtomicLong rejects = new AtomicLong();
    try (GraphqlReader reader =
        GraphqlReader.create(source.config().withTransport(Transport.GRAPHQL), source.counting())) {
      for (ShopifyResource resource : ShopifyResource.values()) {
        if (!GraphqlBulk.hasBulkQuery(resource)) {
          continue;
        }
        long read =
            BulkBaseline.read(
                reader,
                resource,
                source.from(),
                source.to(),
                entity -> {
                  try {
                    rejects.addAndGet(landing.land(entity));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        entities.put(resource.path(), read);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return rejects.get();
  }

  /** What the fetch emits. */
  static ShopifyEntity entity(String shop, ShopifyResource resource, ObjectNode json) {
    return ShopifyEntity.of(shop, resource, json);
  }

  /**
   * As {@link ShopifyResource#CUSTOMERS}: a customer embedding ten addresses gets its full list.
   */
  private static void completeAddresses(ShopifyClient client, ObjectNode customer) {
    JsonNode embedded = customer.get("addresses");
    if (embedded == null
        || !embedded.isArray()
        || embedded.size() < ShopifyResource.EMBEDDED_ADDRESS_LIMIT) {
      return;
    }
    Optional<List<ObjectNode>> all = client.customerAddresses(ShopifyJson.id(customer));
    if (all.isPresent()) {
      ArrayNode addresses = customer.putArray("addresses");
      all.get().forEach(addresses::add);
    }
  }

  /** Normalizes and writes one entity; 1 if it was rejected. */
  private static int land(
      ShopifyEntity entity,
      List<TableSchema> tables,
      String runId,
      Instant syncedAt,
      Map<String, PlainFeedWriter> writers,
      Map<String, PlainTableWriter> tableWriters)
      throws IOException {
    EntityNormalizer.Outcome outcome = EntityNormalizer.normalize(entity, tables, runId, syncedAt);
    if (!(outcome instanceof EntityNormalizer.Normalized normalized)) {
      return 1;
    }
    for (Map.Entry<String, List<Row>> e : normalized.rows().entrySet()) {
      PlainFeedWriter writer = writers.get(e.getKey());
      PlainTableWriter table = tableWriters.get(e.getKey());
      for (Row row : e.getValue()) {
        writer.write(row);
        if (table != null) {
          try {
            table.write(row);
          } catch (SQLException ex) {
            throw new IOException("the baseline's write into " + e.getKey() + " failed", ex);
          }
        }
      }
    }
    return 0;
  }
}

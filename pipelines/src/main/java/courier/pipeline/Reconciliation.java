package courier.pipeline;

import courier.schema.RowSource;
import courier.schema.TableSchema;
import courier.shopify.AccessScopes;
import courier.shopify.Deletion;
import courier.shopify.RequestObserver;
import courier.shopify.RequiredScopes;
import courier.shopify.ShopifyReader;
import courier.shopify.ShopifyResource;
import courier.sink.DeletionLedger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --reconcile}: what events miss (Shopify keeps them for a limited time; a redacted
 * customer) found by comparing ids. Before the pipeline, per windowed resource whose root table the
 * run lands, the ids Shopify has now (id-only pages through the shop's client: 250 ids a request,
 * paced like the rest) and the database's live ids for the shop, both sorted {@code long[]} (eight
 * bytes an id: a few million ids of a resource are a few tens of megabytes), are merged in one
 * pass: an id only the database has was deleted in Shopify ({@code detected: reconcile}, at the
 * run's start), an id only Shopify has is read by id with the run (as rejects are).
 */
final class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

  /** Per resource: ids in Shopify, live in the database, marked deleted, fetched as missing. */
  record Figures(long inShopify, long inDatabase, long markedDeleted, long missingFetched) {
    Map<String, Long> asMap() {
      Map<String, Long> map = new LinkedHashMap<>();
      map.put("in_shopify", inShopify);
      map.put("in_database", inDatabase);
      map.put("marked_deleted", markedDeleted);
      map.put("missing_fetched", missingFetched);
      return map;
    }
  }

  static final Reconciliation NONE = new Reconciliation(Map.of(), List.of(), Map.of());

  private final Map<String, Figures> figures;
  private final List<Deletion> deleted;
  private final Map<String, List<Long>> missing;

  private Reconciliation(
      Map<String, Figures> figures, List<Deletion> deleted, Map<String, List<Long>> missing) {
    this.figures = figures;
    this.deleted = deleted;
    this.missing = missing;
  }

  /**
   * Refuses {@code --reconcile} on a run that lands no root table of a windowed resource: there
   * would be nothing to compare (locations and segments are read whole every run anyway).
   */
  static void refuseMisuse(CourierOptions options, RunSettings settings) {
    if (Boolean.TRUE.equals(options.getReconcile()) && rootTables(settings).isEmpty()) {
      throw new ConfigException(
          "--reconcile compares the ids of customers, orders, products and abandoned checkouts"
              + " with their tables, but --tables selects none of customer, order, product,"
              + " abandoned_checkout: add the root table of the resource to reconcile, or drop"
              + " --reconcile (locations and segments are read whole by every run)");
    }
  }

  /** Compares every reconcilable resource of the run (see the class comment). */
  static Reconciliation run(RunSettings settings, java.time.Instant deletedAt) {
    Map<String, Figures> figures = new TreeMap<>();
    List<Deletion> deleted = new ArrayList<>();
    Map<String, List<Long>> missing = new TreeMap<>();
    String shop = settings.shop().domain();
    try (ShopifyReader reader =
        ShopifyReader.create(settings.read().clientConfig(), RequestObserver.NONE)) {
      AccessScopes granted = reader.accessScopes();
      for (Map.Entry<ShopifyResource, TableSchema> root : rootTables(settings).entrySet()) {
        ShopifyResource resource = root.getKey();
        if (resource == ShopifyResource.ORDERS && !granted.has(RequiredScopes.READ_ALL_ORDERS)) {
          // Shopify lists only the last 60 days of orders then: the rest would look deleted.
          LOG.warn(
              "--reconcile leaves orders out: without {} Shopify lists only the last 60 days",
              RequiredScopes.READ_ALL_ORDERS);
          continue;
        }
        long[] inShopify = reader.allIds(resource);
        long[] inDatabase = DeletionLedger.liveIds(settings.jdbc(), shop, root.getValue());
        java.util.Arrays.sort(inShopify); // both come sorted; the merge must not depend on it
        java.util.Arrays.sort(inDatabase);
        List<Long> gone = new ArrayList<>();
        List<Long> notLanded = new ArrayList<>();
        merge(inShopify, inDatabase, notLanded, gone);
        gone.forEach(id -> deleted.add(new Deletion(shop, resource, id, deletedAt)));
        if (!notLanded.isEmpty()) {
          missing.put(resource.path(), notLanded);
        }
        figures.put(
            resource.path(),
            new Figures(inShopify.length, inDatabase.length, gone.size(), notLanded.size()));
        LOG.info(
            "reconcile {}: {} ids in Shopify, {} live in the database, {} deleted, {} missing"
                + " (fetched by this run)",
            resource.path(),
            inShopify.length,
            inDatabase.length,
            gone.size(),
            notLanded.size());
      }
    } catch (SQLException e) {
      throw new RunException(
          "--reconcile cannot read the live ids from "
              + settings.jdbc().redactedUrl()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
    return new Reconciliation(figures, deleted, missing);
  }

  /** One pass over two ascending id lists: what only Shopify has, what only the database has. */
  static void merge(long[] shopify, long[] database, List<Long> onlyShopify, List<Long> onlyDb) {
    int i = 0;
    int j = 0;
    while (i < shopify.length || j < database.length) {
      if (j == database.length || (i < shopify.length && shopify[i] < database[j])) {
        onlyShopify.add(shopify[i++]);
      } else if (i == shopify.length || database[j] < shopify[i]) {
        onlyDb.add(database[j++]);
      } else {
        i++;
        j++;
      }
    }
  }

  private static Map<ShopifyResource, TableSchema> rootTables(RunSettings settings) {
    Map<ShopifyResource, TableSchema> roots = new TreeMap<>();
    for (TableSchema table : settings.tables()) {
      if (table.resource().windowed() && table.rows().kind() == RowSource.Kind.ENTITY) {
        roots.put(table.resource(), table);
      }
    }
    return roots;
  }

  /** Entities the database holds and Shopify no longer has. */
  List<Deletion> deleted() {
    return deleted;
  }

  /** Per resource path, ids Shopify has and the database does not: read by id with the run. */
  Map<String, List<Long>> missing() {
    return missing;
  }

  /** The manifest's "reconcile": per resource, the four figures. */
  Optional<Map<String, Object>> section() {
    if (this == NONE) {
      return Optional.empty();
    }
    Map<String, Object> section = new TreeMap<>();
    figures.forEach((resource, f) -> section.put(resource, f.asMap()));
    return Optional.of(section);
  }
}

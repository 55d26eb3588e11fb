package courier.shopify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the fetch step asks of a shop, whichever Admin API answers it ({@link Transport}). Entities
 * come back REST-shaped (REST's keys and value formats, the shape of the fixtures) so the schemas
 * and normalizers are the same for both transports; where GraphQL has no field for a REST key the
 * GraphQL reader fills the documented substitute (README, "GraphQL transport").
 *
 * <p>Time windows are half-open {@code [from, to)} on whole seconds; the caller still drops what is
 * updated at {@code to} or later (REST's filter is inclusive). Thread-safe.
 */
public interface ShopifyReader extends AutoCloseable {
  /** A reader over {@code config.transport()}, reporting its requests to {@code observer}. */
  static ShopifyReader create(ShopifyClientConfig config, RequestObserver observer) {
    switch (config.transport()) {
      case REST:
        return ShopifyClient.create(config, observer);
      case GRAPHQL:
        return GraphqlReader.create(config, observer);
      default:
        throw new IllegalStateException("no reader for " + config.transport());
    }
  }

  ShopDomain shop();

  Transport transport();

  /** The access scopes the shop granted the app (checked before a read plans anything). */
  AccessScopes accessScopes();

  /** Where {@link #accessScopes} asks, to name it in a refusal. */
  String accessScopesEndpoint();

  /** How many entities of {@code resource} were last updated in {@code [from, to)}. */
  long count(ShopifyResource resource, Instant from, Instant to);

  /** How many entities of {@code resource} exist. */
  long countAll(ShopifyResource resource);

  /**
   * One keyset page: up to {@code limit} entities updated in {@code [from, to)} with id greater
   * than {@code afterId}, in ascending id order. {@code cursor}, when not null, is the {@code
   * nextCursor} of the previous page of the same query (same window and {@code afterId}'s query),
   * which a transport with cursors continues from.
   */
  EntityPage listUpdated(
      ShopifyResource resource,
      Instant from,
      Instant to,
      long afterId,
      int limit,
      @Nullable String cursor);

  /**
   * Most ids a {@link #listByIds} call may name: REST's {@code ids=} takes up to a page of 250, and
   * GraphQL's search query stays a few kilobytes.
   */
  int MAX_IDS = 250;

  /**
   * One keyset page of the entities among {@code ids} (at most {@link #MAX_IDS}), whatever their
   * updated_at, with id greater than {@code afterId}, in ascending id order: the same list request
   * and entity shape as {@link #listUpdated}, filtered by id instead of by window (REST {@code
   * ids=}, GraphQL {@code id:1 OR id:2...}). Ids that no longer exist are left out. {@code cursor}
   * as in {@link #listUpdated}.
   */
  EntityPage listByIds(
      ShopifyResource resource, List<Long> ids, long afterId, int limit, @Nullable String cursor);

  /**
   * The listed entity made complete by whatever follow-up requests its transport needs (REST: a
   * customer's addresses beyond the ten embedded); modified in place and returned.
   */
  ObjectNode complete(
      ShopifyResource resource, ObjectNode entity, ShopifyResource.CompletenessObserver observer);

  /** Every location of the shop, REST-shaped. */
  List<ObjectNode> locations();

  /**
   * Every customer segment with all its members ({@code {id, name, query, creation_date,
   * last_edit_date, members: [{customer_id}]}}), one at a time. GraphQL only: Shopify's REST API
   * has no segments.
   */
  void segments(Consumer<ObjectNode> each);

  @Override
  void close();
}

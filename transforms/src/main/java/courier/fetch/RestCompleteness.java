package courier.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyClient;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what REST hides in list answers, so downstream normalization can be purely schema-driven:
 *
 * <ul>
 *   <li>a customer embeds only its ten most recently updated addresses; when it embeds ten, the
 *       full list is read from {@code customers/{id}/addresses.json} and replaces the embedded one;
 *   <li>a product embeds at most 100 variants (products may have 2,048); one embedding 100 is
 *       counted and logged as possibly truncated (the GraphQL transport will close that gap).
 * </ul>
 */
final class RestCompleteness {
  private static final Logger LOG = LoggerFactory.getLogger(RestCompleteness.class);
  static final int EMBEDDED_ADDRESS_LIMIT = 10;
  static final int REST_VARIANT_LIMIT = 100;

  private final ShopifyClient client;
  private final FetchMetrics metrics;

  RestCompleteness(ShopifyClient client, FetchMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /** The entity as it should be emitted (modified in place). */
  ObjectNode complete(ShopifyResource resource, ObjectNode entity) {
    if (resource == ShopifyResource.CUSTOMERS) {
      completeAddresses(entity);
    } else if (resource == ShopifyResource.PRODUCTS) {
      flagTruncatedVariants(entity);
    }
    return entity;
  }

  private void completeAddresses(ObjectNode customer) {
    JsonNode embedded = customer.get("addresses");
    if (embedded == null || !embedded.isArray() || embedded.size() < EMBEDDED_ADDRESS_LIMIT) {
      return;
    }
    long id = ShopifyJson.id(customer);
    Optional<List<ObjectNode>> all = client.customerAddresses(id);
    if (all.isEmpty()) {
      // Deleted since it was listed: what the list showed is all there is to know.
      LOG.info("Customer {} disappeared before its addresses could be read; keeping the {} embedded ones",
          id, embedded.size());
      return;
    }
    ArrayNode addresses = customer.putArray("addresses");
    all.get().forEach(addresses::add);
    metrics.addressesCompleted();
  }

  private void flagTruncatedVariants(ObjectNode product) {
    JsonNode variants = product.get("variants");
    if (variants != null && variants.isArray() && variants.size() >= REST_VARIANT_LIMIT) {
      metrics.variantsPossiblyTruncated();
      LOG.warn("Product {} came with {} variants, REST's maximum: it may have more that REST does not return "
          + "(products can have up to 2,048); its variants may be incomplete until the GraphQL transport is used.",
          ShopifyJson.id(product), variants.size());
    }
  }
}

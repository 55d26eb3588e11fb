package courier.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Shopify Admin REST payloads (API 2026-07), copied into src/test/resources/fixtures: each
 * file is a list of {request, response}. Shared with other modules through the test jar.
 */
public final class Fixtures {
  public static final String SHOP = "courier-test.myshopify.com";

  /** Response keys holding entities of a resource, as a list or a single object. */
  private static final Map<String, ShopifyResource> RESPONSE_KEYS =
      Map.of(
          "customers",
          ShopifyResource.CUSTOMERS,
          "customer",
          ShopifyResource.CUSTOMERS,
          "orders",
          ShopifyResource.ORDERS,
          "order",
          ShopifyResource.ORDERS,
          "products",
          ShopifyResource.PRODUCTS,
          "product",
          ShopifyResource.PRODUCTS,
          "locations",
          ShopifyResource.LOCATIONS,
          "location",
          ShopifyResource.LOCATIONS,
          "checkouts",
          ShopifyResource.CHECKOUTS);

  private Fixtures() {}

  /** An entity payload and the resource it belongs to. */
  public record Payload(ShopifyResource resource, ObjectNode json) {}

  /**
   * Every customer, order, product, location and abandoned checkout object in the fixture files, in
   * file order: full objects, partial ones (requests with fields=...) and repeated versions of the
   * same id.
   */
  public static List<Payload> payloads() {
    List<Payload> payloads = new ArrayList<>();
    for (String file : List.of("customers", "orders", "products", "locations", "checkouts")) {
      for (JsonNode exchange : read(file)) {
        exchange
            .get("response")
            .fields()
            .forEachRemaining(
                field -> {
                  ShopifyResource resource = RESPONSE_KEYS.get(field.getKey());
                  if (resource == null) {
                    return; // counts, inventory levels...
                  }
                  JsonNode value = field.getValue();
                  for (JsonNode entity : value.isArray() ? value : List.of(value)) {
                    payloads.add(new Payload(resource, (ObjectNode) entity));
                  }
                });
      }
    }
    return payloads;
  }

  /** Every variant object of variants.json (variant endpoints: not an entity of their own). */
  public static List<ObjectNode> variants() {
    List<ObjectNode> variants = new ArrayList<>();
    for (JsonNode exchange : read("variants")) {
      JsonNode response = exchange.get("response");
      if (response.has("variants")) {
        response.get("variants").forEach(v -> variants.add((ObjectNode) v));
      } else if (response.has("variant")) {
        variants.add((ObjectNode) response.get("variant"));
      }
    }
    return variants;
  }

  /** A deep copy of the first full payload (first in file order) of the resource with this id. */
  public static ObjectNode payload(ShopifyResource resource, long id) {
    return payloads().stream()
        .filter(
            p ->
                p.resource() == resource
                    && p.json().path("id").asLong() == id
                    && p.json().has("updated_at"))
        .map(p -> p.json().deepCopy())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fixture " + resource + " " + id));
  }

  /** Every payload as the fetch step would emit it, for {@code SHOP}. */
  public static List<ShopifyEntity> entities() {
    return payloads().stream().map(p -> entity(p.resource(), p.json())).toList();
  }

  /** The fetched element for a payload; updated_at parsed as the fetch step does. */
  public static ShopifyEntity entity(ShopifyResource resource, JsonNode json) {
    JsonNode updatedAt = json.get("updated_at");
    long millis =
        updatedAt == null || updatedAt.isNull()
            ? ShopifyEntity.NO_UPDATED_AT
            : OffsetDateTime.parse(updatedAt.asText()).toInstant().toEpochMilli();
    return new ShopifyEntity(SHOP, resource, json.get("id").asLong(), millis, json.toString());
  }

  private static JsonNode read(String name) {
    String resource = "/fixtures/" + name + ".json";
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      return JsonValues.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

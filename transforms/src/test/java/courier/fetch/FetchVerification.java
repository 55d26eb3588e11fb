package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What every complete read of the test shop must satisfy, whatever the runner and conditions. */
final class FetchVerification {
  private FetchVerification() {}

  /** Summary figures of a verified read, for the tests' logs. */
  record Verified(
      Map<ShopifyResource, Integer> counts, int customersCompleted, int productsAtVariantLimit) {}

  static Verified verifyCompleteRead(
      ShopifySimulator sim, List<ShopifyEntity> entities, Instant from, Instant to) {
    return verifyCompleteRead(sim, entities, from, to, Transport.GRAPHQL);
  }

  /**
   * Every entity of the window exactly once, complete. Over REST each is exactly the JSON the
   * simulator serves (addresses completed); over GraphQL, REST-shaped from another view of the same
   * model, so compared by ids, times and every nested list's ids (the tables' equality across
   * transports is TransportEqualityTest's, in pipelines).
   */
  static Verified verifyCompleteRead(
      ShopifySimulator sim,
      List<ShopifyEntity> entities,
      Instant from,
      Instant to,
      Transport transport) {
    Map<ShopifyResource, List<ShopifyEntity>> byResource =
        entities.stream().collect(Collectors.groupingBy(ShopifyEntity::resource));
    Map<Long, List<Long>> segments = sim.segmentMembers();
    for (ShopifyResource resource : ShopifyResource.values()) {
      if (resource == ShopifyResource.SEGMENTS) {
        // GraphQL only: a REST read skips them.
        List<Long> expected =
            transport == Transport.REST ? List.of() : new ArrayList<>(segments.keySet());
        assertEquals(
            expected,
            byResource.getOrDefault(resource, List.of()).stream()
                .map(ShopifyEntity::id)
                .sorted()
                .toList(),
            "segments");
        continue;
      }
      List<Long> expected =
          resource.windowed()
              ? sim.ids(TestShop.simResource(resource), from, to)
              : sim.ids(Resource.LOCATIONS);
      List<Long> actual =
          byResource.getOrDefault(resource, List.of()).stream()
              .map(ShopifyEntity::id)
              .sorted()
              .collect(Collectors.toList());
      assertTrue(expected.size() > 0, "the test window must hold " + resource.path());
      assertEquals(
          expected, actual, resource.path() + ": every entity updated in the window, exactly once");
    }
    int completed = 0;
    int atVariantLimit = 0;
    for (ShopifyEntity entity : entities) {
      ObjectNode actual = parse(entity.json());
      if (entity.resource() == ShopifyResource.SEGMENTS) {
        List<Long> members = new ArrayList<>();
        actual.path("members").forEach(m -> members.add(m.path("customer_id").asLong()));
        assertEquals(
            segments.get(entity.id()), members, entity + ": every member, paged to the end");
        continue;
      }
      ObjectNode expected =
          parse(sim.entity(TestShop.simResource(entity.resource()), entity.id()).toString());
      if (entity.resource() == ShopifyResource.CUSTOMERS) {
        List<ObjectNode> all = sim.allAddresses(entity.id());
        if (all.size() >= ShopifyResource.EMBEDDED_ADDRESS_LIMIT) {
          ArrayNode addresses = expected.putArray("addresses");
          all.forEach(a -> addresses.add(parse(a.toString())));
          completed += all.size() > ShopifyResource.EMBEDDED_ADDRESS_LIMIT ? 1 : 0;
        }
      }
      if (entity.resource() == ShopifyResource.PRODUCTS
          && sim.allVariants(entity.id()).size() >= ShopifyResource.REST_VARIANT_LIMIT) {
        atVariantLimit++;
        if (transport == Transport.GRAPHQL) {
          ArrayNode variants = expected.putArray("variants");
          sim.allVariants(entity.id()).forEach(v -> variants.add(parse(v.toString())));
        }
      }
      if (transport == Transport.REST) {
        assertEquals(
            expected,
            actual,
            entity + " is emitted exactly as Shopify serves it (addresses completed)");
      } else {
        assertSameEntity(expected, actual, entity.toString());
      }
      assertEquals("acme.myshopify.com", entity.shop());
      if (entity.resource().windowed()) {
        Instant updated = Instant.ofEpochMilli(entity.updatedAtMillis());
        assertTrue(
            !updated.isBefore(from) && updated.isBefore(to), entity + " updated at " + updated);
      }
    }
    Map<ShopifyResource, Integer> counts = new java.util.EnumMap<>(ShopifyResource.class);
    for (ShopifyResource r : ShopifyResource.values()) {
      counts.put(r, byResource.getOrDefault(r, List.of()).size());
    }
    return new Verified(counts, completed, atVariantLimit);
  }

  /** Same id and updated_at instant, and the same ids in every nested list, in the same order. */
  private static void assertSameEntity(ObjectNode expected, ObjectNode actual, String what) {
    assertEquals(expected.path("id").asLong(), actual.path("id").asLong(), what + " id");
    assertEquals(instant(expected, "updated_at"), instant(actual, "updated_at"), what + " time");
    for (String list : List.of("addresses", "variants", "line_items", "refunds")) {
      assertEquals(ids(expected.path(list)), ids(actual.path(list)), what + " " + list);
    }
    for (int i = 0; i < expected.path("refunds").size(); i++) {
      assertEquals(
          ids(expected.path("refunds").get(i).path("refund_line_items")),
          ids(actual.path("refunds").get(i).path("refund_line_items")),
          what + " refund line items");
    }
  }

  private static Instant instant(ObjectNode entity, String field) {
    return entity.path(field).isTextual()
        ? java.time.OffsetDateTime.parse(entity.path(field).asText()).toInstant()
        : null;
  }

  private static List<Long> ids(JsonNode list) {
    List<Long> ids = new ArrayList<>();
    list.forEach(e -> ids.add(e.path("id").asLong()));
    return ids;
  }

  static ObjectNode parse(String json) {
    try {
      JsonNode node = ShopifyJson.mapper().readTree(json);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Entities as comparable text, sorted: two reads are identical when these are equal. */
  static List<String> canonical(List<ShopifyEntity> entities) {
    List<String> lines = new ArrayList<>();
    for (ShopifyEntity e : entities) {
      lines.add(e.resource().path() + "/" + e.id() + "@" + e.updatedAtMillis() + " " + e.json());
    }
    lines.sort(null);
    return lines;
  }
}

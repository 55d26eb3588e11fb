package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read-whole DoFn called directly: every location of the shop (both transports), and over
 * GraphQL every customer segment with all its members, once each, as the shop's entities, with the
 * step's page and record counters.
 */
class FetchWholeResourceFnTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<ShopifyEntity> readWhole(Transport transport, ShopifyResource resource) {
    FetchWholeResourceFn fn =
        new FetchWholeResourceFn(
            SmallShop.settings(SmallShop.client(sim).withTransport(transport), 50, 10));
    fn.setup();
    CollectedOutput<ShopifyEntity> out = new CollectedOutput<>();
    try {
      fn.process(resource.path(), out);
    } finally {
      fn.teardown();
    }
    for (ShopifyEntity entity : out.values) {
      assertEquals("acme.myshopify.com", entity.shop());
      assertEquals(resource, entity.resource());
    }
    return out.values;
  }

  @Test
  void everyLocationIsEmittedForTheShop() {
    for (Transport transport : Transport.values()) {
      try (StepCounters counters = new StepCounters()) {
        List<ShopifyEntity> locations = readWhole(transport, ShopifyResource.LOCATIONS);
        assertEquals(
            sim.ids(Resource.LOCATIONS),
            locations.stream().map(ShopifyEntity::id).sorted().toList(),
            transport.spelling());
        assertEquals(1, counters.get(ShopifyResource.LOCATIONS, FetchStats.PAGES));
        assertEquals(locations.size(), counters.get(ShopifyResource.LOCATIONS, FetchStats.RECORDS));
      }
    }
  }

  @Test
  void everySegmentIsEmittedWithAllItsMembers() throws IOException {
    Map<Long, List<Long>> expected = sim.segmentMembers();
    try (StepCounters counters = new StepCounters()) {
      List<ShopifyEntity> segments = readWhole(Transport.GRAPHQL, ShopifyResource.SEGMENTS);
      Map<Long, List<Long>> read = new TreeMap<>();
      for (ShopifyEntity segment : segments) {
        List<Long> members = new ArrayList<>();
        for (JsonNode member : segment.readJson(MAPPER).get("members")) {
          members.add(member.get("customer_id").asLong());
        }
        read.put(segment.id(), members);
      }
      assertEquals(expected.size(), segments.size(), "each segment once");
      assertEquals(new TreeMap<>(expected), read);
      assertEquals(1, counters.get(ShopifyResource.SEGMENTS, FetchStats.PAGES));
      assertEquals(segments.size(), counters.get(ShopifyResource.SEGMENTS, FetchStats.RECORDS));
      assertEquals(0, counters.get(ShopifyResource.LOCATIONS, FetchStats.PAGES));
    }
  }
}

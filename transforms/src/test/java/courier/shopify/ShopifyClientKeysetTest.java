package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST client's keyset contract over loopback HTTP: what it sends, how it orders a page, which
 * pages it refuses (an id at or below since_id would make paging loop or skip), and when a page
 * says there is more. One scripted server for the class; each test scripts its own answers.
 */
class ShopifyClientKeysetTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir static Path dir;
  private static ScriptedServer server;
  private static ShopifyClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new ScriptedServer();
    Path tokenFile = Files.writeString(dir.resolve("token"), "shpat_keyset_test_token");
    client =
        ShopifyClient.create(
            ShopifyClientConfig.create()
                .withShop(ShopDomain.of("acme"))
                .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
                .withBaseUrl(server.baseUrl())
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2)),
            RequestObserver.NONE);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static String orders(long... ids) {
    StringBuilder json = new StringBuilder("{\"orders\":[");
    for (int i = 0; i < ids.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(ids[i])
          .append(",\"updated_at\":\"2026-01-02T00:00:00Z\"}");
    }
    return json.append("]}").toString();
  }

  private static List<Long> ids(List<ObjectNode> page) {
    return page.stream().map(ShopifyJson::id).toList();
  }

  /** The message of the failure after every attempt (two) was answered with {@code body}. */
  private static String givenUpOn(String body, Executable call) {
    server.then(json(200, body)).then(json(200, body));
    return assertThrows(ShopifyRetriesExhaustedException.class, call).getMessage();
  }

  @Test
  void aPageOutOfOrderIsSortedByIdSoTheLastIdIsTheKeysetPosition() {
    server.then(json(200, orders(30, 11, 20)));
    assertEquals(
        List.of(11L, 20L, 30L), ids(client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 10, 5)));
  }

  @Test
  void anIdAtSinceIdIsRefusedOnEveryAttempt() {
    String message =
        givenUpOn(
            orders(10, 12), () -> client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 10, 5));
    assertTrue(message.contains("entity 10 is not after since_id 10"), message);
  }

  @Test
  void anIdJustAboveSinceIdIsAccepted() {
    server.then(json(200, orders(11)));
    assertEquals(List.of(11L), ids(client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 10, 5)));
  }

  @Test
  void aPageWithoutAnIntegerIdIsUnreadable() {
    String message =
        givenUpOn(
            "{\"orders\":[{\"id\":\"twelve\"}]}",
            () -> client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 5));
    assertTrue(message.contains("unreadable 200 body"), message);
  }

  @Test
  void aFullPageHasMoreAndAShortOneIsTheLast() {
    server.then(json(200, orders(1, 2))).then(json(200, orders(3)));
    EntityPage full = client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 2, null);
    assertTrue(full.hasMore(), "a page of exactly the limit may have a next page");
    assertNull(full.nextCursor(), "REST pages by id alone");
    EntityPage shortPage = client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 2, 2, null);
    assertFalse(shortPage.hasMore(), "fewer than the limit ends the listing");
    assertEquals(List.of(3L), ids(shortPage.entities()));
  }

  @Test
  void thePageSizeMustBeOneToTwoHundredFifty() {
    for (int limit : new int[] {0, ShopifyClient.MAX_PAGE_SIZE + 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, limit));
      assertEquals("page size must be 1..250, got " + limit, e.getMessage());
    }
    int before = server.requests().size();
    server.then(json(200, orders(1))).then(json(200, orders(1)));
    assertEquals(1, client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 1).size());
    assertEquals(
        1,
        client
            .listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, ShopifyClient.MAX_PAGE_SIZE)
            .size());
    assertEquals(before + 2, server.requests().size(), "only the valid sizes were sent");
  }

  @Test
  void aWindowMustBeNonEmptyAndOnWholeSeconds() {
    for (Instant[] window :
        new Instant[][] {
          {FROM, FROM}, {TO, FROM}, {FROM.plusMillis(1), TO}, {FROM, TO.plusNanos(1)}
        }) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.count(ShopifyResource.ORDERS, window[0], window[1]));
      assertTrue(e.getMessage().contains("must be non-empty and on whole seconds"), e.getMessage());
    }
  }

  @Test
  void locationsCannotBeListedByUpdatedAt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.listUpdated(ShopifyResource.LOCATIONS, FROM, TO, 0, 5));
    assertEquals("locations cannot be listed by updated_at; use locations()", e.getMessage());
  }

  @Test
  void aCountWithoutAnIntegerIsUnreadable() {
    String message =
        givenUpOn("{\"count\":\"many\"}", () -> client.countAll(ShopifyResource.CUSTOMERS));
    assertTrue(message.contains("the body has no integer \"count\""), message);
  }
}

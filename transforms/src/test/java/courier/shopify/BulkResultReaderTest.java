package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.graphql.RestFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A bulk result file read by {@link BulkResultReader} (through {@link
 * GraphqlReader#readBulkResult}), fed as bytes: every entity equals what the paged path makes of
 * the same object (the page fixture shaped by {@link GraphqlPages}), children land in their
 * parent's connections, orphans are handed on with their ids, refund lines come from refunds_by_ids
 * queries of at most 5 refunds, and parents are handed on as soon as they are complete, in the
 * file's order, at most 50 held. Refund queries go to a scripted loopback server.
 */
class BulkResultReaderTest extends GraphqlScriptedBase {
  private static final Map<String, String> CHILD_TYPES =
      Map.of(
          "addresses", "MailingAddress",
          "variants", "ProductVariant",
          "line_items", "LineItem",
          "shipping_lines", "ShippingLine");

  private final List<ObjectNode> entities = new ArrayList<>();
  private final List<String> orphans = new ArrayList<>();

  @Test
  void customersAndProductsAreShapedAsThePagedPathShapesThem() throws Exception {
    ObjectNode steve =
        GraphqlFixtures.customer(
            207119551,
            List.of(GraphqlFixtures.address(1053317292), GraphqlFixtures.address(1053317293)),
            false);
    ObjectNode alone = GraphqlFixtures.customer(207119552, List.of(), false);
    String customers = "\n" + bulk(steve, "addresses") + "\n\n" + bulk(alone, "addresses") + "\n";

    assertEquals(4, read(ShopifyResource.CUSTOMERS, customers), "blank lines are not lines");
    assertEquals(
        List.of(paged(ShopifyResource.CUSTOMERS, steve), paged(ShopifyResource.CUSTOMERS, alone)),
        entities);

    entities.clear();
    ObjectNode ipod =
        GraphqlFixtures.product(
            632910392,
            List.of(GraphqlFixtures.variant(808950810, 1), GraphqlFixtures.variant(808950811, 2)),
            false);
    assertEquals(3, read(ShopifyResource.PRODUCTS, bulk(ipod, "variants")));
    assertEquals(List.of(paged(ShopifyResource.PRODUCTS, ipod)), entities);
    assertEquals(List.of(), orphans);
    assertEquals(0, server.requests().size(), "nothing to ask without refunds");
  }

  @Test
  void anOrdersChildrenGoToTheirConnectionsAndItsRefundLinesAreAskedByIds() throws Exception {
    ObjectNode order = order(450789469, GraphqlFixtures.refundLine(104689539, 466157049));
    ObjectNode shipping = GraphqlFixtures.object().put("title", "Generic Shipping");
    shipping.set("price_set", GraphqlFixtures.bag("10.00"));
    // Its share of the code's discount: counted in discount_codes only from shipping_lines.
    ObjectNode allocation = shipping.putArray("discount_allocations").addObject();
    allocation.set("amount_set", GraphqlFixtures.bag("1.00"));
    allocation.putObject("discountApplication").put("index", 0);
    ((ArrayNode) order.path("shipping_lines").path("nodes")).add(shipping);
    server.then(json(200, refundsAnswer(order)));

    read(
        ShopifyResource.ORDERS,
        bulk(order, "discount_applications", "shipping_lines", "line_items"));

    assertEquals(List.of(paged(ShopifyResource.ORDERS, order)), entities);
    assertEquals("7.68", entities.get(0).at("/discount_codes/0/amount").asText());
    assertEquals("RefundsByIds", sent(0).get("operationName").asText());
    assertEquals("[\"" + refundGid(order) + "\"]", sent(0).get("variables").get("ids").toString());
    assertEquals(25, sent(0).get("variables").get("first").intValue());
    assertEquals(1, tally.overflows.get(), "a refunds query is an overflow request");
  }

  @Test
  void refundLinesBeyondTheFirstPageAreDrainedBeforeTheOrderIsHandedOn() throws Exception {
    ObjectNode first = GraphqlFixtures.refundLine(1, 466157049);
    ObjectNode second = GraphqlFixtures.refundLine(2, 466157049);
    ObjectNode order = order(450789469, first, second);
    ObjectNode firstPage = order(450789469, first);
    ((ObjectNode) firstPage.path("refunds").get(0).path("refund_line_items").path("pageInfo"))
        .put("hasNextPage", true)
        .put("endCursor", "c1");
    server
        .then(json(200, refundsAnswer(firstPage)))
        .then(
            json(
                200,
                GraphqlFixtures.overflow(
                    "node", refundGid(order), "refund_line_items", List.of(second), false)));

    read(
        ShopifyResource.ORDERS,
        bulk(order, "discount_applications", "shipping_lines", "line_items"));

    assertEquals(List.of(paged(ShopifyResource.ORDERS, order)), entities);
    assertEquals(2, server.requests().size());
    assertEquals("c1", sent(1).get("variables").get("after").asText());
  }

  @Test
  void aRefundTheShopNoLongerAnswersIsMarkedMissingAndUnaskedNodesAreIgnored() throws Exception {
    ObjectNode order = order(450789469, GraphqlFixtures.refundLine(1, 466157049));
    ObjectNode refundOnly = GraphqlFixtures.object().put("admin_graphql_api_id", refundGid(order));
    ObjectNode stranger =
        GraphqlFixtures.object().put("admin_graphql_api_id", "gid://shopify/Refund/9");
    stranger.set("refund_line_items", GraphqlFixtures.connection(List.of(), false, null));
    String lines = bulk(order, "discount_applications", "shipping_lines", "line_items");
    server
        .then(json(200, nodesAnswer("[" + stranger + "," + refundOnly + ",null]")))
        .then(json(200, nodesAnswer("null")));

    read(ShopifyResource.ORDERS, lines);
    read(ShopifyResource.ORDERS, lines);

    ObjectNode missing = order.deepCopy();
    ((ObjectNode) missing.path("refunds").get(0))
        .set(
            "refund_line_items",
            RestFields.newObject().put(RestFields.MISSING_FIELD, "refund_line_items"));
    ObjectNode expected = paged(ShopifyResource.ORDERS, missing);
    assertEquals(List.of(expected, expected), entities);
  }

  @Test
  void childrenWhoseParentIsNotTheObjectBeforeThemAreOrphansNamedByTheirIds() throws Exception {
    ObjectNode address =
        GraphqlFixtures.address(1053317292).put("__parentId", "gid://shopify/Customer/1");
    ObjectNode withGid =
        GraphqlFixtures.object()
            .put("admin_graphql_api_id", "gid://shopify/MailingAddress/5")
            .put("__parentId", "gid://shopify/Customer/3");
    ObjectNode anonymous =
        GraphqlFixtures.object()
            .put("__typename", "MailingAddress")
            .put("__parentId", "gid://shopify/Customer/3");
    ObjectNode numericId =
        GraphqlFixtures.object().put("id", 6).put("__parentId", "gid://shopify/Customer/3");
    ObjectNode customer = GraphqlFixtures.customer(2, List.of(), false);
    String jsonl =
        String.join(
            "\n",
            address.toString(),
            bulk(customer, "addresses"),
            withGid.toString(),
            anonymous.toString(),
            numericId.toString());

    assertEquals(5, read(ShopifyResource.CUSTOMERS, jsonl));

    assertEquals(List.of(paged(ShopifyResource.CUSTOMERS, customer)), entities);
    assertEquals(
        List.of(
            address.get("id").textValue() + " of gid://shopify/Customer/1",
            "gid://shopify/MailingAddress/5 of gid://shopify/Customer/3",
            "MailingAddress of gid://shopify/Customer/3",
            "? of gid://shopify/Customer/3"),
        orphans);
  }

  @Test
  void aLineThatIsNotAJsonObjectStopsTheReadNamingOnlyItsPosition() throws Exception {
    ObjectNode customer = GraphqlFixtures.customer(2, List.of(), false);
    String cut = bulk(customer, "addresses").substring(0, 40);
    IOException invalid =
        assertThrows(
            IOException.class,
            () -> read(ShopifyResource.CUSTOMERS, bulk(customer, "addresses") + "\n" + cut));
    assertTrue(
        invalid
            .getMessage()
            .matches(
                "bulk result line 2 is not valid JSON at column \\d+ \\(a download cut short\\?\\)"),
        invalid.getMessage());
    IOException array =
        assertThrows(IOException.class, () -> read(ShopifyResource.CUSTOMERS, "[1]\n"));
    assertEquals("bulk result line 1 is not a JSON object", array.getMessage());
  }

  @Test
  void anEmptyFileHasNoLinesAndNoEntities() throws Exception {
    assertEquals(0, read(ShopifyResource.ORDERS, ""));
    assertEquals(0, read(ShopifyResource.ORDERS, "\n\n"));
    assertEquals(List.of(), entities);
    assertEquals(0, server.requests().size());
  }

  @Test
  void aParentIsHandedOnAsSoonAsTheNextOneBegins() throws Exception {
    List<String> lines = new ArrayList<>();
    for (long id = 1; id <= 3; id++) {
      lines.add(bulk(GraphqlFixtures.customer(id, List.of(), false), "addresses"));
    }
    List<Integer> handedOn = readLineByLine(ShopifyResource.CUSTOMERS, lines);
    // Before line n+2 is read, parent n is complete (line n+1 began another).
    assertEquals(List.of(0, 0, 1, 2), handedOn);
    assertEquals(List.of(1L, 2L, 3L), ids());
  }

  @Test
  void ordersWaitForFiveRefundsThenGoInTheFilesOrder() throws Exception {
    List<String> lines = new ArrayList<>();
    List<String> refunds = new ArrayList<>();
    for (long id = 1; id <= 7; id++) {
      ObjectNode order =
          id == 6
              ? withoutRefunds(order(id))
              : order(id, GraphqlFixtures.refundLine(100 + id, 466157049));
      if (id != 6) {
        ((ObjectNode) order.path("refunds").get(0))
            .put("admin_graphql_api_id", "gid://shopify/Refund/" + (100 + id));
        refunds.add("gid://shopify/Refund/" + (100 + id));
      }
      lines.add(bulk(order, "discount_applications", "shipping_lines", "line_items"));
    }
    server.then(json(200, nodesAnswer("[]"))).then(json(200, nodesAnswer("[]")));

    List<Integer> handedOn = readLineByLine(ShopifyResource.ORDERS, lines);

    // Orders 1-5 held until the fifth refund (order 5, complete once line 6 is read), then asked
    // in one query; order 6, behind none, goes at once; order 7 waits for the end.
    assertEquals(List.of(0, 0, 0, 0, 0, 0, 5, 6), handedOn);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), ids());
    assertEquals(2, server.requests().size());
    assertEquals(refunds.subList(0, 5), sortedIds(sent(0)));
    assertEquals(List.of(refunds.get(5)), sortedIds(sent(1)));
    assertEquals(2, tally.overflows.get());
  }

  @Test
  void anOrderWaitingForRefundsKeepsTheOrdersBehindItInPlace() throws Exception {
    ObjectNode waiting = order(1, GraphqlFixtures.refundLine(101, 466157049));
    ObjectNode behind = withoutRefunds(order(2));
    server.then(json(200, refundsAnswer(waiting)));
    read(
        ShopifyResource.ORDERS,
        bulk(waiting, "discount_applications", "shipping_lines", "line_items")
            + "\n"
            + bulk(behind, "discount_applications", "shipping_lines", "line_items"));
    assertEquals(List.of(1L, 2L), ids());
  }

  @Test
  void atMostFiftyParentsAreHeldBehindOneWaitingForItsRefunds() throws Exception {
    List<String> lines = new ArrayList<>();
    ObjectNode first = order(1, GraphqlFixtures.refundLine(101, 466157049));
    lines.add(bulk(first, "discount_applications", "shipping_lines", "line_items"));
    for (long id = 2; id <= 51; id++) {
      lines.add(
          bulk(withoutRefunds(order(id)), "discount_applications", "shipping_lines", "line_items"));
    }
    server.then(json(200, refundsAnswer(first)));

    List<Integer> handedOn = readLineByLine(ShopifyResource.ORDERS, lines);

    // Parent 50 joins the held ones as line 51 is read: all 50 go before the end is read.
    assertEquals(50, handedOn.get(51));
    assertEquals(0, handedOn.get(50));
    assertEquals(LongStream.rangeClosed(1, 51).boxed().collect(Collectors.toList()), ids());
    assertEquals(1, server.requests().size());
  }

  // ---- the bulk file, made from the page fixtures --------------------------------------------

  /**
   * The JSONL Shopify writes for a page fixture: the object without its connections (GID as id,
   * legacy id as legacyResourceId, refunds without their lines), then each child with __parentId.
   */
  private static String bulk(ObjectNode pageNode, String... connections) {
    ObjectNode parent = pageNode.deepCopy();
    String gid = parent.remove("admin_graphql_api_id").textValue();
    JsonNode legacy = parent.remove("id");
    ObjectNode line = GraphqlFixtures.object().put("id", gid);
    line.set("legacyResourceId", legacy);
    List<String> children = new ArrayList<>();
    for (String connection : connections) {
      for (JsonNode node : parent.remove(connection).path("nodes")) {
        ObjectNode child = ((ObjectNode) node).deepCopy();
        if (!child.has("__typename")) {
          child.put("__typename", CHILD_TYPES.get(connection));
        }
        children.add(child.put("__parentId", gid).toString());
      }
    }
    parent.path("refunds").forEach(refund -> ((ObjectNode) refund).remove("refund_line_items"));
    line.setAll(parent);
    children.add(0, line.toString());
    return String.join("\n", children);
  }

  /** What the paged path makes of the same object, read from its text as a page is. */
  private static ObjectNode paged(ShopifyResource resource, ObjectNode pageNode) {
    try {
      return GraphqlPages.of(resource).shape(ShopifyJson.mapper().readTree(pageNode.toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode order(long id, ObjectNode... refundLines) {
    return GraphqlFixtures.order(
        id,
        List.of(
            GraphqlFixtures.lineItem(466157049, "199.00", 1),
            GraphqlFixtures.lineItem(466157050, "1.00", 2)),
        false,
        List.of(refundLines),
        false);
  }

  private static ObjectNode withoutRefunds(ObjectNode order) {
    order.putArray("refunds");
    return order;
  }

  private static String refundGid(ObjectNode order) {
    return order.path("refunds").get(0).path("admin_graphql_api_id").textValue();
  }

  /** refunds_by_ids' answer: each refund of the page fixture with its lines. */
  private static String refundsAnswer(ObjectNode order) {
    ArrayNode nodes = ShopifyJson.mapper().createArrayNode();
    for (JsonNode refund : order.path("refunds")) {
      nodes
          .addObject()
          .put("admin_graphql_api_id", refund.path("admin_graphql_api_id").textValue())
          .set("refund_line_items", refund.path("refund_line_items").deepCopy());
    }
    return nodesAnswer(nodes.toString());
  }

  private static String nodesAnswer(String nodes) {
    return "{\"data\":{\"nodes\":"
        + nodes
        + "},\"extensions\":"
        + GraphqlFixtures.cost(10, 2000, 1990, 100)
        + "}";
  }

  private static List<String> sortedIds(JsonNode request) {
    List<String> ids = new ArrayList<>();
    request.get("variables").get("ids").forEach(id -> ids.add(id.textValue()));
    Collections.sort(ids);
    return ids;
  }

  private List<Long> ids() {
    return entities.stream().map(e -> e.get("id").longValue()).collect(Collectors.toList());
  }

  private long read(ShopifyResource resource, String jsonl) throws Exception {
    return read(resource, new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)));
  }

  private long read(ShopifyResource resource, InputStream jsonl) throws Exception {
    return reader()
        .readBulkResult(
            resource, jsonl, entities::add, (line, parent) -> orphans.add(line + " of " + parent));
  }

  /**
   * Reads {@code lines} one line per read of the stream; returns how many entities had been handed
   * on before each read (the last: before the end of the file was read).
   */
  private List<Integer> readLineByLine(ShopifyResource resource, List<String> lines)
      throws Exception {
    List<Integer> handedOn = new ArrayList<>();
    read(resource, new OneLinePerRead(lines, entities::size, handedOn));
    return handedOn;
  }

  /** Gives one line per read and reports nothing available, so a reader cannot read ahead. */
  private static final class OneLinePerRead extends InputStream {
    private final List<String> lines;
    private final IntSupplier handedOnSoFar;
    private final List<Integer> handedOnBeforeRead;
    private int next;

    OneLinePerRead(
        List<String> lines, IntSupplier handedOnSoFar, List<Integer> handedOnBeforeRead) {
      this.lines = lines;
      this.handedOnSoFar = handedOnSoFar;
      this.handedOnBeforeRead = handedOnBeforeRead;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("read by lines");
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (next > lines.size()) {
        return -1;
      }
      handedOnBeforeRead.add(handedOnSoFar.getAsInt());
      if (next == lines.size()) {
        next++;
        return -1;
      }
      byte[] line = (lines.get(next++) + "\n").getBytes(StandardCharsets.UTF_8);
      if (line.length > length) {
        throw new IllegalStateException("a line longer than one read: " + line.length);
      }
      System.arraycopy(line, 0, into, offset, line.length);
      return line.length;
    }
  }
}

package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ConnectionDrainer.Overflow;
import courier.shopify.graphql.CheckoutShape;
import courier.shopify.graphql.CustomerShape;
import courier.shopify.graphql.OrderShape;
import courier.shopify.graphql.ProductShape;
import java.util.Map;

/**
 * How each windowed resource is read over GraphQL: its page and count queries, the page size its
 * cost allows (graphql-mapping.md §2.5, checked by GraphqlQueryTest), the nested connections to
 * drain and the REST shape.
 *
 * <p>Page sizes (requested cost at the maximum, classic model): orders 4 per page with 8 line
 * items, 5 discount applications, 2 shipping lines and 5 lines per refund inline, the billing and
 * shipping addresses (862 points); customers 50 with 10 addresses (902); products 9 with 20
 * variants (938); abandoned checkouts 14 with 5 line items and both addresses (940). Overflow
 * queries: 60 line items (903), 250 discount applications (503), 190 shipping lines (953), 120
 * refund lines (843), 250 addresses (253), 190 variants (954), 90 checkout lines (903).
 */
enum GraphqlPages {
  ORDERS(
      ShopifyResource.ORDERS,
      GraphqlQuery.ORDERS_PAGE,
      GraphqlQuery.ORDERS_COUNT,
      4,
      215,
      Map.of("lines", 8, "apps", 5, "ships", 2, "refundLines", 5)) {
    private final Overflow lines = node(GraphqlQuery.ORDER_CHILDREN_OVERFLOW, 903);
    private final Overflow applications = node(GraphqlQuery.ORDER_DISCOUNT_APPS_OVERFLOW, 503);
    private final Overflow shipping = node(GraphqlQuery.ORDER_SHIPPING_LINES_OVERFLOW, 953);
    private final Overflow refundLines = node(GraphqlQuery.REFUND_LINES_OVERFLOW, 843);

    @Override
    void drain(JsonNode order, ConnectionDrainer drainer) {
      drainer.drain(resource, order, "line_items", lines);
      drainer.drain(resource, order, "discount_applications", applications);
      drainer.drain(resource, order, "shipping_lines", shipping);
      JsonNode refunds = order.path("refunds");
      if (refunds.isArray()) {
        refunds.forEach(
            refund -> drainer.drain(resource, refund, "refund_line_items", refundLines));
      }
    }

    @Override
    ObjectNode shape(JsonNode order) {
      return OrderShape.rest(order);
    }
  },
  CUSTOMERS(
      ShopifyResource.CUSTOMERS,
      GraphqlQuery.CUSTOMERS_PAGE,
      GraphqlQuery.CUSTOMERS_COUNT,
      50,
      18,
      Map.of("addr", 10)) {
    private final Overflow addresses = node(GraphqlQuery.CUSTOMER_ADDRESSES_OVERFLOW, 253);

    @Override
    void drain(JsonNode customer, ConnectionDrainer drainer) {
      drainer.drain(resource, customer, "addresses", addresses);
    }

    @Override
    ObjectNode shape(JsonNode customer) {
      return CustomerShape.rest(customer);
    }
  },
  PRODUCTS(
      ShopifyResource.PRODUCTS,
      GraphqlQuery.PRODUCTS_PAGE,
      GraphqlQuery.PRODUCTS_COUNT,
      9,
      104,
      Map.of("variants", 20)) {
    private final Overflow variants =
        new Overflow(GraphqlQuery.PRODUCT_VARIANTS_OVERFLOW, "product", 954, Map.of("first", 190));

    @Override
    void drain(JsonNode product, ConnectionDrainer drainer) {
      drainer.drain(resource, product, "variants", variants);
    }

    @Override
    ObjectNode shape(JsonNode product) {
      return ProductShape.rest(product);
    }
  },
  CHECKOUTS(
      ShopifyResource.CHECKOUTS,
      GraphqlQuery.ABANDONED_CHECKOUTS_PAGE,
      GraphqlQuery.ABANDONED_CHECKOUTS_COUNT,
      14,
      67,
      Map.of("lines", 5)) {
    private final Overflow lines = node(GraphqlQuery.ABANDONED_CHECKOUT_LINES_OVERFLOW, 903);

    @Override
    String root() {
      return "abandonedCheckouts";
    }

    @Override
    void drain(JsonNode checkout, ConnectionDrainer drainer) {
      drainer.drain(resource, checkout, "line_items", lines);
    }

    @Override
    ObjectNode shape(JsonNode checkout) {
      return CheckoutShape.rest(checkout);
    }
  };

  final ShopifyResource resource;
  final GraphqlQuery page;
  final GraphqlQuery count;
  final int maxFirst;
  private final int costPerNode;
  final Map<String, Object> childPageSizes;

  GraphqlPages(
      ShopifyResource resource,
      GraphqlQuery page,
      GraphqlQuery count,
      int maxFirst,
      int costPerNode,
      Map<String, Object> childPageSizes) {
    this.resource = resource;
    this.page = page;
    this.count = count;
    this.maxFirst = maxFirst;
    this.costPerNode = costPerNode;
    this.childPageSizes = childPageSizes;
  }

  /** The root field of the page query: "orders". */
  String root() {
    return resource.path();
  }

  /** The count query's root field: "ordersCount". */
  String countRoot() {
    return root() + "Count";
  }

  /** Requested cost of a page of {@code first}, until Shopify reports it. */
  int estimate(int first) {
    return 2 + first * costPerNode;
  }

  /** Completes every nested connection of a raw page node in place. */
  abstract void drain(JsonNode node, ConnectionDrainer drainer);

  /** The drained node as the REST entity. */
  abstract ObjectNode shape(JsonNode node);

  private static Overflow node(GraphqlQuery query, int estimate) {
    return new Overflow(query, "node", estimate, Map.of());
  }

  static GraphqlPages of(ShopifyResource resource) {
    for (GraphqlPages pages : values()) {
      if (pages.resource == resource) {
        return pages;
      }
    }
    throw new IllegalArgumentException(resource.path() + " is not read by updated_at window");
  }
}

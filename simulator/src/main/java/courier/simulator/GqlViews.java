package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The GraphQL view of the shop: every entity is rendered from the same REST model ({@link
 * ShopData#full}) the REST endpoints serve, so both views of one shop agree row for row.
 */
final class GqlViews {
  final ShopData data;
  final GqlVariants variants;
  private final GqlOrderView orders = new GqlOrderView(this);
  private final GqlCustomerView customers = new GqlCustomerView(this);

  GqlViews(ShopData data) {
    this.data = data;
    this.variants = new GqlVariants(data);
  }

  /** The entity at an index position in its GraphQL form. */
  Map<String, Object> view(Resource r, ObjectNode full) {
    return switch (r) {
      case ORDERS -> orders.order(full);
      case CUSTOMERS -> customers.customer(full);
      case PRODUCTS -> GqlProductView.product(full);
      case LOCATIONS -> GqlCustomerView.location(full);
      case CHECKOUTS -> GqlCheckoutView.checkout(full, this);
    };
  }

  Map<String, Object> byId(Resource r, long id) {
    ObjectNode full = data.fullById(r, id);
    return full == null ? null : view(r, full);
  }

  Map<String, Object> orderById(long id) {
    return byId(Resource.ORDERS, id);
  }

  Map<String, Object> customerById(long id) {
    return byId(Resource.CUSTOMERS, id);
  }

  /** A refund by id: generated refunds sit at a known order position, added ones in the overlay. */
  Map<String, Object> refundById(long refundId) {
    long unshifted = data.ids.unshifted(refundId);
    long pos = (unshifted - IdLayout.REFUND_BASE) / 4;
    ResourceIndex index = data.index(Resource.ORDERS);
    if (unshifted >= IdLayout.REFUND_BASE && pos < data.generated(Resource.ORDERS)) {
      Map<String, Object> found =
          refundIn(data.fullById(Resource.ORDERS, index.idAt((int) pos)), refundId);
      if (found != null) {
        return found;
      }
    }
    for (ObjectNode order : data.overlay(Resource.ORDERS)) {
      Map<String, Object> found = refundIn(order, refundId);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Map<String, Object> refundIn(ObjectNode order, long refundId) {
    if (order != null) {
      for (JsonNode refund : order.path("refunds")) {
        if (refund.path("id").asLong() == refundId) {
          return GqlLineItemView.refund(refund, this);
        }
      }
    }
    return null;
  }
}

package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The data side of the control surface, in Java and over HTTP: edits stamped with the simulator
 * clock's now, and queries. Everything returned is a copy, so a caller cannot change stored data.
 */
final class DataControl {
  private final ShopData data;
  private final SimClock clock;

  DataControl(ShopData data, SimClock clock) {
    this.data = data;
    this.clock = clock;
  }

  /** The seed the data was generated from. */
  long seed() {
    return data.seed;
  }

  ObjectNode create(Resource resource, Consumer<ObjectNode> customizer) {
    return servedCopy(resource, data.create(resource, clock.nowEpochSecond(), customizer));
  }

  ObjectNode update(Resource resource, long id, Consumer<ObjectNode> mutator) {
    return servedCopy(resource, data.update(resource, id, clock.nowEpochSecond(), mutator));
  }

  /** As {@link #update}, keeping updated_at (see {@link ShopData#updateInPlace}). */
  ObjectNode updateInPlace(Resource resource, long id, Consumer<ObjectNode> mutator) {
    return servedCopy(resource, data.updateInPlace(resource, id, mutator));
  }

  ObjectNode retag(Resource resource, long id, String tags) {
    String normalized = EntityEdits.normalizeTags(tags);
    return update(resource, id, entity -> entity.put("tags", normalized));
  }

  ObjectNode removeTag(Resource resource, long id, String tag) {
    return update(resource, id, entity -> EntityEdits.removeTag(entity, tag));
  }

  boolean delete(Resource resource, long id) {
    return data.delete(resource, id);
  }

  ObjectNode removeLineItem(long orderId, long lineItemId) {
    return update(Resource.ORDERS, orderId, order -> EntityEdits.removeLineItem(order, lineItemId));
  }

  /** The refund added to the order. */
  ObjectNode addRefund(long orderId) {
    ObjectNode[] refund = new ObjectNode[1];
    update(
        Resource.ORDERS,
        orderId,
        order -> refund[0] = EntityEdits.addRefund(order, data, clock.nowEpochSecond()));
    return refund[0].deepCopy();
  }

  ObjectNode removeAddress(long customerId, long addressId) {
    return update(
        Resource.CUSTOMERS, customerId, customer -> EntityEdits.removeAddress(customer, addressId));
  }

  /** Live ids with updated_at in [from, toExclusive), ascending; a null bound is open. */
  List<Long> ids(Resource resource, Instant from, Instant toExclusive) {
    return data.ids(
        resource,
        from == null ? Long.MIN_VALUE : ceilSeconds(from),
        toExclusive == null ? Long.MAX_VALUE : ceilSeconds(toExclusive));
  }

  int count(Resource resource) {
    return data.count(resource);
  }

  /** The entity as the list endpoint serves it, or null when there is none. */
  ObjectNode entity(Resource resource, long id) {
    ObjectNode full = data.fullById(resource, id);
    return full == null ? null : servedCopy(resource, full);
  }

  /** All of an entity's children under {@code key} (addresses, variants), ascending by id. */
  List<ObjectNode> children(Resource resource, long id, String key) {
    ObjectNode full = data.fullById(resource, id);
    if (full == null) {
      throw new NoSuchElementException("no " + resource.path() + " entity with id " + id);
    }
    List<ObjectNode> children = new ArrayList<>();
    for (ObjectNode child : Json.sortedById(full.get(key))) {
      children.add(child.deepCopy());
    }
    return children;
  }

  private static ObjectNode servedCopy(Resource resource, ObjectNode full) {
    return ShopData.served(resource, full).deepCopy();
  }

  private static long ceilSeconds(Instant instant) {
    return instant.getNano() > 0 ? instant.getEpochSecond() + 1 : instant.getEpochSecond();
  }
}

package courier.simulator;

/**
 * Lays out every generated entity in the shop's index when the shop is built: ids, created_at
 * spread evenly over the two years before now, updated_at and status bits. Products and customers
 * come first (orders reference them), then orders, which also yield the customers' totals.
 */
final class IndexLayout {
  /** Generated data is spread over the two years before the build-time now. */
  static final long SPAN = 730 * ShopData.DAY;

  /** What the index holds of a generated entity besides its id and created_at. */
  private record Entry(long updated, int flags) {}

  /** The entry of the entity generated at {@code pos}, created at {@code created}. */
  @FunctionalInterface
  private interface Generated {
    Entry entry(int pos, long created);
  }

  private final ShopData data;

  private IndexLayout(ShopData data) {
    this.data = data;
  }

  /** Fills the (empty) index of {@code data}; returns what each customer's orders add up to. */
  static CustomerTotals layOut(ShopData data) {
    return new IndexLayout(data).layOut();
  }

  private CustomerTotals layOut() {
    ProductGen products = data.products;
    append(
        Resource.PRODUCTS,
        (pos, created) -> new Entry(products.ownUpdated(pos, created), products.statusFlags(pos)));
    append(
        Resource.CUSTOMERS,
        (pos, created) -> new Entry(data.customers.ownUpdated(pos, created), 0));
    CustomerTotals totals = new CustomerTotals(data.generated(Resource.CUSTOMERS));
    append(
        Resource.ORDERS,
        (pos, created) -> {
          OrderPlan plan = OrderPlan.compute(data, pos, created, data.buildNow);
          if (plan.customerPos >= 0) {
            totals.add(plan.customerPos, pos, plan.test ? 0 : plan.currentTotal());
          }
          return new Entry(plan.updated, orderFlags(plan));
        });
    touchCustomersByTheirLastOrder(totals);
    append(
        Resource.CHECKOUTS,
        (pos, created) -> {
          CheckoutGen.Shape shape = data.checkouts.shape(pos, created, data.buildNow);
          return new Entry(shape.updated(), shape.closed() ? ResourceIndex.CLOSED : 0);
        });
    append(
        Resource.LOCATIONS,
        (pos, created) -> {
          Rng rng = Rng.of(data.seed, 0x10C, pos);
          return new Entry(data.updatedAfter(rng, created, data.buildNow), 0);
        });
    return totals;
  }

  private void append(Resource resource, Generated generated) {
    int count = data.generated(resource);
    ResourceIndex index = data.index(resource);
    for (int pos = 0; pos < count; pos++) {
      long created = created(resource, pos, count);
      Entry entry = generated.entry(pos, created);
      index.append(
          data.ids.id(data.seed, resource, pos, count), created, entry.updated(), entry.flags());
    }
  }

  /** Placing an order touches the customer (its counts change), as in Shopify. */
  private void touchCustomersByTheirLastOrder(CustomerTotals totals) {
    ResourceIndex customers = data.index(Resource.CUSTOMERS);
    ResourceIndex orders = data.index(Resource.ORDERS);
    for (int pos = 0; pos < data.generated(Resource.CUSTOMERS); pos++) {
      int lastOrder = totals.lastOrder(pos);
      if (lastOrder >= 0) {
        long touched = Math.max(customers.createdAt(pos), orders.createdAt(lastOrder));
        customers.setUpdated(pos, Math.max(customers.updatedAt(pos), touched));
      }
    }
  }

  private static int orderFlags(OrderPlan plan) {
    return (plan.closed ? ResourceIndex.CLOSED : 0)
        | (plan.cancelled ? ResourceIndex.CANCELLED : 0)
        | (plan.test ? ResourceIndex.TEST : 0);
  }

  /** created_at of generated entity pos of count: evenly spread over {@link #SPAN}, in order. */
  private long created(Resource resource, int pos, int count) {
    long start = data.buildNow - SPAN;
    long slot = Math.max(1, SPAN / count);
    long jitter =
        Long.remainderUnsigned(Rng.hash(data.seed, 0x7140 + resource.ordinal(), pos), slot);
    return start + (pos * SPAN) / count + jitter;
  }
}

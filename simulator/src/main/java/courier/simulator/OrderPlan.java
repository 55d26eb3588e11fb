package courier.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers and decisions behind one generated order, computed without building any JSON: which
 * customer and variants, quantities, discounts, taxes, status, refunds and timestamps. The index
 * builder computes it for every order (for updated_at, status bits and customer totals) and the
 * renderer computes it again for the orders a page returns; both get the same plan because it is a
 * pure function of (seed, position, created_at, now).
 *
 * <p>All amounts are integer cents. Every timestamp lies in [created, cap], cap being the data
 * set's "now", and {@link #updated} is at least every nested timestamp.
 */
final class OrderPlan {
  static final long HOUR = 3_600;
  static final long DAY = 86_400;
  private static final long SALT = 0x0D0E1;

  /** Tax rates in basis points (6%, 7.25%, 8%, 10%). */
  private static final int[] TAX_RATES = {600, 725, 800, 1000};

  /** One discount code applied to the order (an entry of discount_applications). */
  record App(String code, String valueType, long value, String targetSelection) {}

  /** One line item. {@code alloc[a]} is the discount of application a on this line. */
  record Line(
      int productPos,
      int variantK,
      int qty,
      long unitCents,
      long[] alloc,
      long taxCents,
      boolean withProperties) {
    long gross() {
      return unitCents * qty;
    }

    long discount() {
      long s = 0;
      for (long a : alloc) {
        s += a;
      }
      return s;
    }
  }

  /** One refund: for each refunded line index, the quantity and the refunded subtotal and tax. */
  record Refund(
      long created,
      String note,
      boolean restock,
      int[] lines,
      int[] qty,
      long[] subtotal,
      long[] tax,
      long[] discount,
      int locationPos) {
    long amount() {
      long s = 0;
      for (int i = 0; i < lines.length; i++) {
        s += subtotal[i] + tax[i];
      }
      return s;
    }
  }

  final int pos;
  final long created;
  long updated;
  int customerPos = -1;
  final List<Line> lines = new ArrayList<>();
  final List<App> apps = new ArrayList<>();
  final List<Refund> refunds = new ArrayList<>();
  int taxBasisPoints;
  long shippingCents;
  String shippingTitle;
  boolean test;
  boolean cancelled;
  long cancelledAt;
  String cancelReason;
  boolean closed;
  long closedAt;
  boolean fulfilled;
  long fulfilledAt;
  int fulfillmentLocationPos;
  String financialStatus;

  private OrderPlan(int pos, long created) {
    this.pos = pos;
    this.created = created;
  }

  long lineItemsTotal() {
    return lines.stream().mapToLong(Line::gross).sum();
  }

  long discounts() {
    return lines.stream().mapToLong(Line::discount).sum();
  }

  long subtotal() {
    return lineItemsTotal() - discounts();
  }

  long tax() {
    return lines.stream().mapToLong(Line::taxCents).sum();
  }

  long total() {
    return subtotal() + shippingCents + tax();
  }

  long refundedSubtotal() {
    long s = 0;
    for (Refund r : refunds) {
      for (long v : r.subtotal) {
        s += v;
      }
    }
    return s;
  }

  long refundedTax() {
    long s = 0;
    for (Refund r : refunds) {
      for (long v : r.tax) {
        s += v;
      }
    }
    return s;
  }

  long refundedDiscount() {
    long s = 0;
    for (Refund r : refunds) {
      for (long v : r.discount) {
        s += v;
      }
    }
    return s;
  }

  int refundedQty(int lineIndex) {
    int q = 0;
    for (Refund r : refunds) {
      for (int i = 0; i < r.lines.length; i++) {
        if (r.lines[i] == lineIndex) {
          q += r.qty[i];
        }
      }
    }
    return q;
  }

  /** What the customer still owes or has paid after refunds; 0 for cancelled orders. */
  long currentTotal() {
    return cancelled ? 0 : total() - refundedSubtotal() - refundedTax();
  }

  /**
   * Plans the order at {@code pos}.
   *
   * @param created its created_at (epoch seconds)
   * @param cap latest allowed timestamp (the data set's now)
   */
  static OrderPlan compute(ShopData d, int pos, long created, long cap) {
    Rng r = Rng.of(d.seed, SALT, pos);
    OrderPlan p = new OrderPlan(pos, created);
    int nOrders = d.generated(Resource.ORDERS);
    int nCustomers = d.generated(Resource.CUSTOMERS);
    int nProducts = d.generated(Resource.PRODUCTS);
    // Orders only reference customers and products that existed when they were placed: with
    // entities laid out in creation order, that is a prefix of the same relative length.
    double f = pos >= nOrders || nOrders == 0 ? 1.0 : (pos + 1) / (double) nOrders;

    if (nCustomers > 0 && !r.chance(0.03)) {
      p.customerPos = r.nextInt(Math.max(1, Math.min(nCustomers, (int) Math.ceil(f * nCustomers))));
    }
    p.taxBasisPoints = TAX_RATES[r.nextInt(TAX_RATES.length)];
    int nLines = nProducts == 0 ? 0 : r.between(1, 5);
    int productBound = Math.max(1, Math.min(nProducts, (int) Math.ceil(f * nProducts)));
    for (int i = 0; i < nLines; i++) {
      int prod = r.nextInt(productBound);
      int k = r.nextInt(d.products.variantCount(prod));
      double q = r.nextDouble();
      int qty = q < 0.7 ? 1 : q < 0.9 ? 2 : 3;
      p.lines.add(new Line(prod, k, qty, d.products.priceCents(prod, k), null, 0, r.chance(0.15)));
    }

    // Discount codes: one across the whole order, sometimes a second on a single line.
    if (!p.lines.isEmpty() && r.chance(0.35)) {
      double u = r.nextDouble();
      if (u < 0.3) {
        p.apps.add(new App("TENOFF", "fixed_amount", 1000, "all"));
      } else if (u < 0.5) {
        p.apps.add(new App("SUMMER5", "fixed_amount", 500, "all"));
      } else if (u < 0.8) {
        p.apps.add(new App("WELCOME15", "percentage", 15, "all"));
      } else {
        p.apps.add(new App("NOËL20", "percentage", 20, "all"));
      }
      if (p.lines.size() > 1 && r.chance(0.25)) {
        p.apps.add(new App("VIP⭐10", "percentage", 10, "entitled"));
      }
    }
    allocate(p, r.nextInt(Math.max(1, p.lines.size())));

    double s = r.nextDouble();
    p.shippingCents = s < 0.6 ? 0 : s < 0.9 ? 499 : 1299;
    p.shippingTitle = s < 0.6 ? "Free Shipping" : s < 0.9 ? "Standard" : "Express";
    p.test = r.chance(0.02);
    int nLocations = Math.max(1, d.generated(Resource.LOCATIONS));
    p.fulfillmentLocationPos = r.nextInt(nLocations);

    long last = created;
    double status = r.nextDouble();
    if (status < 0.04) {
      p.cancelled = true;
      p.cancelledAt = clamp(created + HOUR + r.nextLong(47 * HOUR), created, cap);
      p.cancelReason = r.pick(Vocabulary.CANCEL_REASONS);
      p.closed = true;
      p.closedAt = p.cancelledAt;
      p.financialStatus = "voided";
      last = p.cancelledAt;
    } else {
      double fin = r.nextDouble();
      p.financialStatus = fin < 0.85 ? "paid" : fin < 0.93 ? "pending" : "authorized";
      if (p.financialStatus.equals("paid") && r.chance(0.7)) {
        p.fulfilled = true;
        p.fulfilledAt = clamp(created + HOUR + r.nextLong(5 * DAY), created, cap);
        last = Math.max(last, p.fulfilledAt);
        if (r.chance(0.6)) {
          p.closed = true;
          p.closedAt = clamp(p.fulfilledAt + r.nextLong(10 * DAY), created, cap);
          last = Math.max(last, p.closedAt);
        }
      }
      if (p.financialStatus.equals("paid") && r.chance(0.15)) {
        last = Math.max(last, planRefunds(p, r, cap, nLocations));
      }
    }
    // Some orders are touched again later (notes, tags, fulfilment updates).
    if (r.chance(0.3) && cap > last) {
      last += r.nextLong(cap - last + 1);
    }
    p.updated = Math.max(created, Math.min(last, Math.max(cap, created)));
    return p;
  }

  /** Spreads each discount application over its lines and computes per-line tax. */
  private static void allocate(OrderPlan p, int entitledLine) {
    int n = p.lines.size();
    long[][] alloc = new long[n][p.apps.size()];
    for (int a = 0; a < p.apps.size(); a++) {
      App app = p.apps.get(a);
      if (app.targetSelection().equals("entitled")) {
        Line l = p.lines.get(entitledLine);
        alloc[entitledLine][a] = Money.prorate(l.gross(), app.value(), 100);
        continue;
      }
      long gross = p.lines.stream().mapToLong(Line::gross).sum();
      if (app.valueType().equals("percentage")) {
        for (int i = 0; i < n; i++) {
          alloc[i][a] = Money.prorate(p.lines.get(i).gross(), app.value(), 100);
        }
      } else {
        // A fixed amount is split across lines in proportion to their price; the last line
        // takes the rounding remainder so the allocations add up to the code's amount.
        long amount = Math.min(app.value(), gross / 2);
        long given = 0;
        for (int i = 0; i < n; i++) {
          long share =
              i == n - 1 ? amount - given : Money.prorate(amount, p.lines.get(i).gross(), gross);
          alloc[i][a] = share;
          given += share;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Line l = p.lines.get(i);
      long discount = 0;
      for (long v : alloc[i]) {
        discount += v;
      }
      long tax = Money.prorate(l.gross() - discount, p.taxBasisPoints, 10_000);
      p.lines.set(
          i,
          new Line(
              l.productPos(),
              l.variantK(),
              l.qty(),
              l.unitCents(),
              alloc[i],
              tax,
              l.withProperties()));
    }
  }

  /** One or two refunds over distinct lines; returns the latest refund time. */
  private static long planRefunds(OrderPlan p, Rng r, long cap, int nLocations) {
    int n = p.lines.size();
    int count = n > 1 && r.chance(0.2) ? 2 : 1;
    int nextLine = r.nextInt(n);
    long latest = p.created;
    for (int c = 0; c < count && nextLine < n; c++) {
      int lineCount = Math.min(n - nextLine, r.between(1, 2));
      int[] lines = new int[lineCount];
      int[] qty = new int[lineCount];
      long[] subtotal = new long[lineCount];
      long[] tax = new long[lineCount];
      long[] discount = new long[lineCount];
      for (int j = 0; j < lineCount; j++) {
        Line l = p.lines.get(nextLine);
        int q = r.between(1, l.qty());
        lines[j] = nextLine;
        qty[j] = q;
        discount[j] = Money.prorate(l.discount(), q, l.qty());
        subtotal[j] = l.unitCents() * q - discount[j];
        tax[j] = Money.prorate(l.taxCents(), q, l.qty());
        nextLine++;
      }
      long at = clamp(p.created + DAY + r.nextLong(30 * DAY), p.created, cap);
      latest = Math.max(latest, at);
      p.refunds.add(
          new Refund(
              at,
              r.pick(Vocabulary.REFUND_NOTES),
              r.chance(0.6),
              lines,
              qty,
              subtotal,
              tax,
              discount,
              r.nextInt(nLocations)));
    }
    boolean all = true;
    for (int i = 0; i < n; i++) {
      all &= p.refundedQty(i) == p.lines.get(i).qty();
    }
    p.financialStatus = all ? "refunded" : "partially_refunded";
    return latest;
  }

  private static long clamp(long t, long lo, long hi) {
    return Math.max(lo, Math.min(t, Math.max(lo, hi)));
  }
}

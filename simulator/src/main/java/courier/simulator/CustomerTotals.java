package courier.simulator;

import java.util.Arrays;

/**
 * What a generated customer's orders add up to: how many, the money spent and the position of the
 * latest order. Customers created later (beyond the generated positions) have none.
 */
final class CustomerTotals {
  private final int[] orders;
  private final long[] spent;
  private final int[] lastOrder;

  CustomerTotals(int customers) {
    this.orders = new int[customers];
    this.spent = new long[customers];
    this.lastOrder = new int[customers];
    Arrays.fill(lastOrder, -1);
  }

  /** Counts order {@code orderPos} (placed after every order counted before) for a customer. */
  void add(int customerPos, int orderPos, long amount) {
    orders[customerPos]++;
    spent[customerPos] += amount;
    lastOrder[customerPos] = orderPos;
  }

  int orders(int customerPos) {
    return customerPos < orders.length ? orders[customerPos] : 0;
  }

  long spent(int customerPos) {
    return customerPos < spent.length ? spent[customerPos] : 0;
  }

  /** Position of the customer's latest order, or -1. */
  int lastOrder(int customerPos) {
    return customerPos < lastOrder.length ? lastOrder[customerPos] : -1;
  }
}

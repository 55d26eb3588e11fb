package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The GraphQL cost bucket as the governor models it, on a fake clock. */
class GraphqlCostGovernorTest {
  private final FakeTicker ticker = new FakeTicker();
  private final GraphqlCostGovernor governor = new GraphqlCostGovernor(ticker);

  private static GraphqlCostGovernor.Cost reported(
      double requested, double available, double maximum, double rate) {
    return new GraphqlCostGovernor.Cost(requested, requested / 2, maximum, available, rate);
  }

  @Test
  void theFirstRequestGoesAtOnceAndTakesItsCost() throws Exception {
    assertEquals(0, governor.acquire("q", 800));
    assertEquals(200, governor.available(), 1e-9);
  }

  @Test
  void aRequestWaitsUntilTheReportedBucketHasRestoredItsCost() throws Exception {
    governor.answered("q", reported(500, 100, 2000, 100));
    long waited = governor.acquire("q", 10); // the reported 500, not the estimate
    assertEquals(4.0, waited / 1e9, 1e-6); // (500 - 100) / 100 points a second
    assertEquals(0, governor.available(), 1e-6);
  }

  @Test
  void theRestoreRateOfTheShopsPlanIsLearned() throws Exception {
    governor.answered("q", reported(900, 0, 20000, 1000)); // Plus
    assertEquals(0.9, governor.acquire("q", 900) / 1e9, 1e-6);
    assertEquals(1000, governor.restoreRate(), 1e-9);
  }

  @Test
  void theBucketNeverRestoresBeyondItsMaximum() throws Exception {
    governor.answered("q", reported(100, 1000, 1000, 100));
    ticker.advanceMillis(60_000);
    assertEquals(1000, governor.available(), 1e-9);
  }

  @Test
  void aThrottleWithoutALevelEmptiesTheBucket() throws Exception {
    governor.throttled("q", GraphqlCostGovernor.Cost.NONE);
    assertEquals(3.0, governor.acquire("q", 300) / 1e9, 1e-6);
  }

  @Test
  void aQueryDearerThanTheBucketWaitsOnlyForAFullBucket() throws Exception {
    governor.answered("q", reported(1000, 0, 500, 100));
    assertEquals(5.0, governor.acquire("q", 1000) / 1e9, 1e-6);
  }

  @Test
  void anAnswerDoesNotHandOutThePointsOfRequestsStillInFlight() throws Exception {
    governor.answered("q", reported(300, 2000, 2000, 100));
    assertEquals(0, governor.acquire("q", 300)); // this thread's request
    Thread other =
        new Thread(
            () -> {
              try {
                governor.acquire("q", 300); // another slice's, sent meanwhile
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    other.join();
    // The server answers this thread's request before the other one reached it: 2,000 - 300 + the
    // refund of 150 (actual 150). The other 300 are still owed.
    governor.answered("q", reported(300, 1850, 2000, 100));
    assertEquals(1550, governor.available(), 1e-9);
    // A retry after an attempt without an answer (a 5xx, a reset) takes its points again and no
    // longer counts the lost attempt as in flight: the next answer is the truth about it.
    assertEquals(0, governor.acquire("q", 300));
    assertEquals(1250, governor.available(), 1e-9);
    assertEquals(0, governor.acquire("q", 300));
    assertEquals(950, governor.available(), 1e-9);
    governor.answered("q", reported(300, 1700, 2000, 100));
    assertEquals(1400, governor.available(), 1e-9); // the other slice's 300 still owed
  }

  @Test
  void aZeroMaximumOrRestoreRateIsNotLearned() throws Exception {
    governor.answered("q", new GraphqlCostGovernor.Cost(null, null, 0.0, 0.0, 0.0));
    assertEquals(GraphqlCostGovernor.ASSUMED_RESTORE_RATE, governor.restoreRate(), 1e-9);
    ticker.advanceMillis(1_000);
    assertEquals(GraphqlCostGovernor.ASSUMED_RESTORE_RATE, governor.available(), 1e-9);
    ticker.advanceMillis(60_000);
    assertEquals(GraphqlCostGovernor.ASSUMED_MAXIMUM, governor.available(), 1e-9);
  }

  @Test
  void aThrottleWithoutALevelEmptiesTheBucketNowNotAsOfTheLastAnswer() throws Exception {
    governor.answered("q", reported(100, 0, 2000, 100));
    ticker.advanceMillis(10_000);
    governor.throttled("q", GraphqlCostGovernor.Cost.NONE);
    assertEquals(0, governor.available(), 1e-9);
    ticker.advanceMillis(2_000);
    assertEquals(200, governor.available(), 1e-9);
  }
}

package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.IsBounded;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.Progress;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.junit.jupiter.api.Test;

class IdKeysetTrackerTest {

  @Test
  void aCheckpointEndsThePrimaryAtTheLastClaimedIdAndResumesRightAfterIt() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(100));
    assertTrue(tracker.tryClaim(PageClaim.page(17, 10)));
    assertTrue(tracker.tryClaim(PageClaim.page(42, 10)));

    SplitResult<IdKeyset> split = tracker.trySplit(0);

    assertEquals(IdKeyset.create(0, 43, 20), split.getPrimary());
    assertEquals(IdKeyset.create(42, IdKeyset.UNBOUNDED, 80), split.getResidual());
    assertEquals(split.getPrimary(), tracker.currentRestriction());
    assertFalse(
        tracker.tryClaim(PageClaim.page(60, 10)), "nothing after the split point is ours any more");
    tracker.checkDone();
  }

  @Test
  void aCheckpointBeforeAnyClaimHandsEverythingToTheResidual() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(5, IdKeyset.UNBOUNDED, 30));
    SplitResult<IdKeyset> split = tracker.trySplit(0);
    assertEquals(IdKeyset.create(5, IdKeyset.UNBOUNDED, 30), split.getResidual());
    assertFalse(split.getPrimary().hasIdsAfter(5));
    tracker.checkDone();
  }

  @Test
  void onlyCheckpointsSplit() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(100));
    tracker.tryClaim(PageClaim.page(10, 5));
    assertNull(tracker.trySplit(0.5), "ids ahead are unknown, so no fractional split");
  }

  @Test
  void aKeysetClaimedUpToItsBoundHasNoResidual() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(0, 50, 5));
    assertTrue(tracker.tryClaim(PageClaim.page(49, 5)));
    assertNull(tracker.trySplit(0), "no id after 49 is this keyset's");
    assertEquals(IdKeyset.create(0, 50, 5), tracker.currentRestriction());
  }

  @Test
  void theKeysetIsBounded() {
    assertEquals(IsBounded.BOUNDED, new IdKeysetTracker(IdKeyset.all(10)).isBounded());
  }

  @Test
  void claimingTheEndFailsAndCompletesTheKeyset() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(10));
    assertTrue(tracker.tryClaim(PageClaim.page(99, 10)));
    assertFalse(tracker.tryClaim(PageClaim.END_OF_DATA));
    tracker.checkDone();
    assertNull(tracker.trySplit(0), "a done tracker has no residual");
    assertThrows(IllegalStateException.class, () -> tracker.tryClaim(PageClaim.page(100, 1)));
  }

  @Test
  void aBoundedKeysetRefusesPagesEndingAtOrBeyondItsBound() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(0, 50, 5));
    assertTrue(tracker.tryClaim(PageClaim.page(49, 5)));
    tracker.checkDone(); // id 49 was the last one that could be ours
    IdKeysetTracker other = new IdKeysetTracker(IdKeyset.create(0, 50, 5));
    assertFalse(other.tryClaim(PageClaim.page(50, 5)));
    other.checkDone();
  }

  @Test
  void stoppingWithoutClaimingTheEndIsReported() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(10));
    tracker.tryClaim(PageClaim.page(7, 3));
    IllegalStateException e = assertThrows(IllegalStateException.class, tracker::checkDone);
    assertTrue(e.getMessage().contains("after 7"), e.getMessage());
  }

  @Test
  void claimsMustAscend() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(10));
    tracker.tryClaim(PageClaim.page(7, 3));
    assertThrows(IllegalArgumentException.class, () -> tracker.tryClaim(PageClaim.page(7, 1)));
  }

  @Test
  void progressCountsClaimedRecordsAgainstTheEstimate() {
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.all(100));
    tracker.tryClaim(PageClaim.page(10, 25));
    Progress p = tracker.getProgress();
    assertEquals(25, p.getWorkCompleted(), 0);
    assertEquals(75, p.getWorkRemaining(), 0);
    tracker.tryClaim(PageClaim.page(20, 90)); // more than estimated: nothing negative
    assertEquals(0, tracker.getProgress().getWorkRemaining(), 0);
  }

  @Test
  void restrictionsSurviveTheirCoder() throws Exception {
    Coder<IdKeyset> coder = IdKeyset.coder();
    for (IdKeyset k :
        List.of(
            IdKeyset.all(0),
            IdKeyset.create(9_007_199_254_740_993L, IdKeyset.UNBOUNDED, 12),
            IdKeyset.create(3, 4, 1))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      coder.encode(k, out);
      assertEquals(k, coder.decode(new ByteArrayInputStream(out.toByteArray())));
    }
  }

  /**
   * Reads a sorted id list page by page the way the fetch does, checkpointing at random moments
   * (before, between and right after claims), each residual on a new tracker. Every id must be read
   * exactly once, whatever the checkpoints.
   */
  @Test
  void randomCheckpointsNeitherLoseNorRepeatAnId() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      TreeSet<Long> ids = new TreeSet<>();
      int n = random.nextInt(300);
      while (ids.size() < n) {
        ids.add(1 + (long) (random.nextDouble() * Long.MAX_VALUE / 2));
      }
      int pageSize = 1 + random.nextInt(30);
      List<Long> read = new ArrayList<>();
      List<IdKeyset> work = new ArrayList<>(List.of(IdKeyset.all(n)));
      int calls = 0;
      while (!work.isEmpty()) {
        IdKeysetTracker tracker = new IdKeysetTracker(work.remove(0));
        calls++;
        long after = tracker.currentRestriction().getAfterId();
        while (true) {
          if (random.nextInt(4) == 0) {
            SplitResult<IdKeyset> split = tracker.trySplit(0);
            if (split != null) {
              work.add(split.getResidual());
            }
          }
          if (!tracker.currentRestriction().hasIdsAfter(after)) {
            break;
          }
          List<Long> page =
              new ArrayList<>(ids.tailSet(after, false))
                  .subList(0, Math.min(pageSize, ids.tailSet(after, false).size()));
          long before = tracker.currentRestriction().getBeforeId();
          List<Long> ours = page.stream().filter(id -> id < before).toList();
          if (ours.isEmpty()) {
            tracker.tryClaim(PageClaim.END_OF_DATA);
            break;
          }
          if (!tracker.tryClaim(PageClaim.page(ours.get(ours.size() - 1), ours.size()))) {
            break;
          }
          read.addAll(ours);
          if (ours.size() < page.size() || page.size() < pageSize) {
            tracker.tryClaim(PageClaim.END_OF_DATA);
            break;
          }
          after = ours.get(ours.size() - 1);
        }
        tracker.checkDone();
      }
      assertEquals(new ArrayList<>(ids), read, "round " + round + " (" + calls + " calls)");
    }
  }
}

package courier.fetch;

import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;

/**
 * Tracks an {@link IdKeyset}: pages are claimed in ascending order of their last id; {@code
 * trySplit(0)} (a checkpoint) ends the primary at the last claimed id and hands "after it" to the
 * residual. Splits at other fractions are declined: ids ahead are unknown. Beam wraps trackers in a
 * synchronized observer, so this class need not be thread-safe.
 */
final class IdKeysetTracker extends RestrictionTracker<IdKeyset, PageClaim>
    implements RestrictionTracker.HasProgress {
  private IdKeyset keyset;
  private long lastClaimedId;
  private long claimedRecords;
  private boolean exhausted; // a claim failed: end of data, or beyond the keyset

  IdKeysetTracker(IdKeyset keyset) {
    this.keyset = keyset;
    this.lastClaimedId = keyset.getAfterId();
  }

  @Override
  public boolean tryClaim(PageClaim claim) {
    if (exhausted) {
      throw new IllegalStateException("tryClaim(" + claim + ") after a failed claim on " + keyset);
    }
    if (claim.isEndOfData() || claim.lastId() >= keyset.getBeforeId()) {
      exhausted = true;
      return false;
    }
    if (claim.lastId() <= lastClaimedId) {
      throw new IllegalArgumentException(
          "claims must ascend: " + claim + " after id " + lastClaimedId + " in " + keyset);
    }
    lastClaimedId = claim.lastId();
    claimedRecords += claim.records();
    return true;
  }

  @Override
  public IdKeyset currentRestriction() {
    return keyset;
  }

  @Override
  public SplitResult<IdKeyset> trySplit(double fractionOfRemainder) {
    if (fractionOfRemainder != 0 || exhausted || !keyset.hasIdsAfter(lastClaimedId)) {
      return null;
    }
    IdKeyset primary = IdKeyset.create(keyset.getAfterId(), lastClaimedId + 1, claimedRecords);
    IdKeyset residual =
        IdKeyset.create(
            lastClaimedId, keyset.getBeforeId(), keyset.getEstimatedRecords() - claimedRecords);
    keyset = primary;
    return SplitResult.of(primary, residual);
  }

  @Override
  public void checkDone() throws IllegalStateException {
    if (!exhausted && keyset.hasIdsAfter(lastClaimedId)) {
      throw new IllegalStateException(
          "ids after "
              + lastClaimedId
              + " of "
              + keyset
              + " were not read: the fetch stopped without claiming the end");
    }
  }

  @Override
  public IsBounded isBounded() {
    return IsBounded.BOUNDED;
  }

  @Override
  public Progress getProgress() {
    return Progress.from(
        claimedRecords, Math.max(0, keyset.getEstimatedRecords() - claimedRecords));
  }
}

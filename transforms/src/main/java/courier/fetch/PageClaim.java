package courier.fetch;

/**
 * A position claimed in an {@link IdKeyset}: a whole page at once, named by its last record id, so
 * a checkpoint never cuts a page in two (the residual starts after that id). {@code records} feeds
 * progress. {@link #END_OF_DATA} is claimed when the listing is exhausted; that claim always fails.
 */
final class PageClaim {
  static final PageClaim END_OF_DATA = new PageClaim(Long.MAX_VALUE, 0);

  private final long lastId;
  private final int records;

  private PageClaim(long lastId, int records) {
    this.lastId = lastId;
    this.records = records;
  }

  static PageClaim page(long lastId, int records) {
    if (lastId == Long.MAX_VALUE || records < 1) {
      throw new IllegalArgumentException(
          "a page claim needs a real last id and at least one record");
    }
    return new PageClaim(lastId, records);
  }

  long lastId() {
    return lastId;
  }

  int records() {
    return records;
  }

  boolean isEndOfData() {
    return this == END_OF_DATA;
  }

  @Override
  public String toString() {
    return isEndOfData() ? "end of data" : "page up to id " + lastId + " (" + records + " records)";
  }
}
